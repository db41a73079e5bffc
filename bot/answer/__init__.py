"""The answering core: understand the question, retrieve, decide whether the curriculum answers it,
and compose an answer of the curriculum's own sentences, each cited. Surfaces reach it only through
bot.conversations."""
