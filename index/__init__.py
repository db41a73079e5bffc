"""The index format, shared by its writer (ingest) and its readers (bot, evals): the chunk record,
the artifact and its manifest, keyword search and the tokenizer, and the question encoder."""
