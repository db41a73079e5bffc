"use strict";
/*
 * The tutor's chat page. No framework and no build step: the page is served as-is from /static/.
 *
 * Safety rule for this file: every string that comes from the server (answers, quotes, titles,
 * error messages) is put on the page with textContent or as an attribute value, never as HTML.
 */

const els = {
  log: document.getElementById("log"),
  scroller: document.querySelector("main.chat"),
  welcome: document.getElementById("welcome"),
  form: document.getElementById("composer"),
  input: document.getElementById("message"),
  send: document.getElementById("send"),
  counter: document.getElementById("counter"),
  newConversation: document.getElementById("new-conversation"),
  dialog: document.getElementById("passage"),
  dialogClose: document.getElementById("passage-close"),
  passageTitle: document.getElementById("passage-title"),
  passageSection: document.getElementById("passage-section"),
  passageSource: document.getElementById("passage-source"),
  passageLines: document.getElementById("passage-lines"),
  passageText: document.getElementById("passage-text"),
};

// The server's limit (TUTOR_MAX_MESSAGE_CHARS) is written into the page; the server still decides.
const MAX_CHARS = Number(els.form.dataset.maxChars) || 2000;
// Show the counter only near the limit, so it does not distract in ordinary use.
const COUNTER_FROM = Math.floor(MAX_CHARS * 0.9);
const INPUT_MAX_HEIGHT = 160;

const state = {
  conversationId: null, // from the first answer's meta event; sent with every follow-up
  busy: false, // one question at a time: answers are numbered turns of one conversation
  controller: null, // aborts the answer in flight when a new conversation starts
  returnFocus: null, // where focus goes back to when the passage dialog closes
  followLog: true, // keep scrolling to the newest message (false once the learner scrolls up)
};

let idCounter = 0;
function uniqueId(prefix) {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/* ------------------------------------------------------------------ small DOM helpers */

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// Text for screen readers only, e.g. who said a message (the bubbles' sides show it visually).
function srOnly(text) {
  return el("span", "sr-only", text);
}

function capitalize(text) {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}

// Keep the newest message in view, unless the learner has scrolled up to read something.
// Whether to follow is decided when they scroll, not after new content has already grown the log.
function onLogScrolled() {
  const s = els.scroller;
  state.followLog = s.scrollHeight - s.scrollTop - s.clientHeight < 80;
}

function scrollToEnd(force = false) {
  if (force || state.followLog) els.scroller.scrollTop = els.scroller.scrollHeight;
}

/* ------------------------------------------------------------------ passage ids and links */

// Passage ids look like "faq-general/some-heading#0": "#" must be encoded, "/" is kept readable.
function encodePassageId(id) {
  return encodeURIComponent(id).replace(/%2F/gi, "/");
}

function passageHref(id) {
  return `/?passage=${encodePassageId(id)}`;
}

// "Title › Section" without repeating the title: sections are breadcrumbs that start with it.
function sectionBelowTitle(title, section) {
  const prefix = `${title} › `;
  if (section.startsWith(prefix)) return section.slice(prefix.length);
  return section === title ? "" : section;
}

function describeLines(lines) {
  if (!Array.isArray(lines) || lines.length !== 2) return "";
  const [first, last] = lines;
  return first === last ? `line ${first}` : `lines ${first}–${last}`;
}

/* ------------------------------------------------------------------ server errors */

// FastAPI sends {"detail": "text"} or {"detail": [{"loc": [...], "msg": "..."}]}; show the text.
function describeDetail(detail) {
  if (typeof detail === "string") return capitalize(detail);
  if (Array.isArray(detail)) {
    return detail
      .map((item) => (item && typeof item.msg === "string" ? item.msg : ""))
      .filter(Boolean)
      // Pydantic prefixes custom validator messages with "Value error, ", which means nothing here.
      .map((msg) => capitalize(msg.replace(/^Value error,\s*/, "")))
      .join(" ");
  }
  return "";
}

async function errorFromResponse(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy's error page, say): fall back to the status below.
  }
  let message = describeDetail(body && body.detail) || `The server answered with HTTP ${response.status}.`;
  const retry = response.headers.get("Retry-After");
  if (response.status === 429 && retry) message += ` Try again in ${retry} seconds.`;
  return message;
}

/* ------------------------------------------------------------------ Server-Sent Events over fetch */

// EventSource cannot POST, so the stream is read by hand: blocks separated by a blank line,
// each with "event:" and "data:" fields (https://html.spec.whatwg.org/#event-stream-interpretation).
function parseEventBlock(block) {
  let name = "message";
  const data = [];
  for (const line of block.split("\n")) {
    if (!line || line.startsWith(":")) continue; // blank, or a comment / keep-alive
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") name = value;
    else if (field === "data") data.push(value);
  }
  return data.length ? { name, data: JSON.parse(data.join("\n")) } : null;
}

async function* readEvents(response) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    buffer += decoder.decode(value || new Uint8Array(), { stream: !done }).replace(/\r\n/g, "\n");
    let boundary = buffer.indexOf("\n\n");
    while (boundary !== -1) {
      const event = parseEventBlock(buffer.slice(0, boundary));
      buffer = buffer.slice(boundary + 2);
      if (event) yield event;
      boundary = buffer.indexOf("\n\n");
    }
    if (done) break;
  }
  const last = parseEventBlock(buffer.trim());
  if (last) yield last;
}

/* ------------------------------------------------------------------ rendering messages */

function appendMessage(role, label) {
  const message = el("div", `msg ${role}`);
  const bubble = el("div", "bubble");
  bubble.append(srOnly(label));
  message.append(bubble);
  els.log.append(message);
  scrollToEnd(true);
  return bubble;
}

function appendLearnerMessage(question) {
  const bubble = appendMessage("learner", "You asked: ");
  bubble.append(el("p", "question", question));
  return bubble;
}

// A question the server refused is not part of the conversation: say so, and keep it short
// (it may be thousands of characters; the full text is still in the question box).
function markNotSent(learnerBubble) {
  learnerBubble.parentElement.classList.add("refused");
  learnerBubble.append(el("p", "not-sent", "Not sent"));
}

// The tutor's bubble starts as a typing indicator and fills in as the answer streams.
function appendTutorMessage() {
  const bubble = appendMessage("tutor", "Tutor: ");
  bubble.setAttribute("aria-busy", "true");
  const typing = el("div", "typing");
  typing.setAttribute("role", "status");
  typing.append(el("span", "dot"), el("span", "dot"), el("span", "dot"), srOnly("The tutor is answering…"));
  const answer = el("div", "answer");
  bubble.append(typing, answer);
  return { bubble, typing, answer, text: "", citations: [], turn: null, plan: null, sections: [] };
}

function stopTyping(reply) {
  reply.typing.remove();
  reply.bubble.removeAttribute("aria-busy");
}

function showError(reply, message, lead = "Couldn’t answer: ") {
  stopTyping(reply);
  reply.bubble.parentElement.classList.add("error");
  const note = el("p", "error-text");
  note.append(el("strong", "", lead), document.createTextNode(message));
  reply.bubble.append(note);
  scrollToEnd();
}

// A [n] marker becomes a link to its passage once the citations have arrived;
// while the answer is still streaming it is plain text.
function footnote(n, citation) {
  const sup = el("sup", "footnote-wrap");
  if (!citation) {
    sup.append(el("span", "footnote pending", `[${n}]`));
    return sup;
  }
  const link = el("a", "footnote", `[${n}]`);
  link.href = passageHref(citation.id);
  link.setAttribute("aria-label", `Source [${n}]`);
  link.title = citation.section || citation.title;
  link.addEventListener("click", (event) => openCitation(event, citation));
  sup.append(link);
  return sup;
}

function appendWithFootnotes(parent, line, byNumber) {
  const marker = /\s?\[(\d+)\]/g;
  let last = 0;
  for (const match of line.matchAll(marker)) {
    parent.append(document.createTextNode(line.slice(last, match.index)));
    const n = Number(match[1]);
    parent.append(footnote(n, byNumber.get(n)));
    last = match.index + match[0].length;
  }
  parent.append(document.createTextNode(line.slice(last)));
}

// Lines of quoted sentences with markers; list items come as lines starting with "- ".
function renderLines(lines, byNumber) {
  const blocks = [];
  let list = null;
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) {
      list = null;
      continue;
    }
    if (line.startsWith("- ")) {
      if (!list) {
        list = el("ul");
        blocks.push(list);
      }
      const item = el("li");
      appendWithFootnotes(item, line.slice(2), byNumber);
      list.append(item);
    } else {
      list = null;
      const paragraph = el("p");
      appendWithFootnotes(paragraph, line, byNumber);
      blocks.push(paragraph);
    }
  }
  return blocks;
}

// A label is a line of its own in bold ("**SRE Path**"): the tutor's heading over the quotes
// below it, taken from the curriculum's headings; never a quote itself.
const LABEL = /^\*\*(.+)\*\*$/;

// Answers come in paragraphs, one for each labelled part (a part of the question, a compared
// subject, an item of a list); a part the curriculum does not cover is the tutor's own note.
function renderAnswer(reply) {
  const byNumber = new Map(reply.citations.map((c) => [c.n, c]));
  const paragraphs = reply.text.split(/\n\s*\n/).filter((p) => p.trim());
  const sections = reply.sections.length === paragraphs.length ? reply.sections : [];
  const labelled = paragraphs.some((p) => LABEL.test(p.trim().split("\n")[0]));
  const blocks = [];
  paragraphs.forEach((paragraph, i) => {
    const lines = paragraph.trim().split("\n");
    if (sections[i] && !sections[i].covered) {
      const note = el("p", "answer-note", paragraph.trim());
      blocks.push(note);
      return;
    }
    const label = lines[0].match(LABEL);
    if (!labelled) {
      blocks.push(...renderLines(lines, byNumber));
      return;
    }
    const part = el("section", "answer-part");
    if (label) {
      const heading = el("h3", "answer-label", label[1]);
      heading.id = uniqueId("label");
      part.setAttribute("aria-labelledby", heading.id);
      part.append(heading);
    }
    part.append(...renderLines(label ? lines.slice(1) : lines, byNumber));
    blocks.push(part);
  });
  reply.answer.classList.toggle("parts", labelled);
  reply.answer.classList.toggle("compare", reply.plan === "compare");
  reply.answer.replaceChildren(...blocks);
  scrollToEnd();
}

function renderSources(reply) {
  if (!reply.citations.length) return;
  const section = el("section", "sources");
  const headingId = uniqueId("sources");
  const heading = el("h3", "sources-title", "Sources");
  heading.id = headingId;
  section.setAttribute("aria-labelledby", headingId);
  const list = el("ol", "source-list");
  for (const citation of reply.citations) {
    const link = el("a", "source-link");
    link.href = passageHref(citation.id);
    link.append(el("span", "source-n", `${citation.n}`));
    const label = el("span", "source-label");
    label.append(el("span", "source-title", citation.title));
    const below = sectionBelowTitle(citation.title, citation.section);
    if (below) label.append(el("span", "source-sep", " › "), el("span", "source-section", below));
    link.append(label);
    link.addEventListener("click", (event) => openCitation(event, citation));
    const item = el("li");
    item.append(link);
    list.append(item);
  }
  section.append(heading, list);
  reply.bubble.append(section);
}

function renderSuggestions(reply, suggestions, label) {
  if (!suggestions.length) return;
  const groupId = uniqueId("suggest");
  const intro = el("p", "starter-label", label);
  intro.id = groupId;
  const group = el("div", "suggestions");
  group.setAttribute("role", "group");
  group.setAttribute("aria-labelledby", groupId);
  for (const question of suggestions) {
    const button = el("button", "suggestion", question);
    button.type = "button";
    button.dataset.question = question;
    group.append(button);
  }
  reply.bubble.append(intro, group);
}

/* ------------------------------------------------------------------ feedback */

async function postFeedback(conversationId, turn, rating, reason) {
  const response = await fetch("/feedback", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ conversation_id: conversationId, turn, rating, reason: reason || null }),
  });
  if (!response.ok) throw new Error(await errorFromResponse(response));
}

// Thumb outlines drawn as SVG rather than 👍/👎, so they show even where no emoji font is installed.
const THUMB_PATHS = {
  up: "M7 10v11M7 10l4-8a3 3 0 0 1 3 3v4h5.5a2 2 0 0 1 2 2.3l-1.4 8a2 2 0 0 1-2 1.7H7M7 10H4a1 1 0 0 0-1 1v9a1 1 0 0 0 1 1h3",
  down: "M17 14V3M17 14l-4 8a3 3 0 0 1-3-3v-4H4.5a2 2 0 0 1-2-2.3l1.4-8a2 2 0 0 1 2-1.7H17M17 14h3a1 1 0 0 0 1-1V4a1 1 0 0 0-1-1h-3",
};

function thumbIcon(rating) {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("width", "20");
  svg.setAttribute("height", "20");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const path = document.createElementNS(ns, "path");
  path.setAttribute("d", THUMB_PATHS[rating]);
  svg.append(path);
  return svg;
}

// Icon-only buttons: the accessible name comes from aria-label (and a tooltip for mouse users).
function ratingButton(label, rating) {
  const button = el("button", `icon-button rate rate-${rating}`);
  button.type = "button";
  button.setAttribute("aria-label", label);
  button.setAttribute("aria-pressed", "false");
  button.title = label;
  button.append(thumbIcon(rating));
  return button;
}

// A small inline form: the reason is optional, so "Send feedback" works with it left blank.
function reasonForm() {
  const form = el("form", "reason-form");
  form.hidden = true;
  const inputId = uniqueId("reason");
  const label = el("label", "", "What was wrong or missing? (optional)");
  label.htmlFor = inputId;
  const input = el("input");
  input.id = inputId;
  input.type = "text";
  input.maxLength = 2000;
  input.autocomplete = "off";
  const submit = el("button", "primary small", "Send feedback");
  submit.type = "submit";
  const cancel = el("button", "secondary small", "Cancel");
  cancel.type = "button";
  const row = el("div", "reason-row");
  row.append(input, submit, cancel);
  form.append(label, row);
  return { form, input, submit, cancel };
}

function renderFeedback(reply, conversationId, turn) {
  const box = el("div", "feedback");
  const up = ratingButton("Helpful", "up");
  const down = ratingButton("Not helpful", "down");
  const reason = reasonForm();
  const ack = el("p", "feedback-ack");
  ack.setAttribute("role", "status");
  const row = el("div", "feedback-row");
  row.setAttribute("role", "group");
  row.setAttribute("aria-label", "Rate this answer");
  row.append(el("span", "feedback-label", "Was this helpful?"), up, down);
  box.append(row, reason.form, ack);

  async function send(rating, text) {
    ack.classList.remove("error");
    ack.textContent = "Sending…";
    try {
      await postFeedback(conversationId, turn, rating, text);
      up.setAttribute("aria-pressed", String(rating === "up"));
      down.setAttribute("aria-pressed", String(rating === "down"));
      ack.textContent = rating === "up" ? "Thanks! Glad it helped." : "Thanks — your feedback was sent.";
    } catch (error) {
      ack.classList.add("error");
      ack.textContent = `Feedback not sent: ${error.message}`;
    }
  }

  up.addEventListener("click", () => {
    reason.form.hidden = true;
    send("up", null);
  });
  down.addEventListener("click", () => {
    reason.form.hidden = false;
    ack.textContent = "";
    reason.input.focus();
  });
  reason.cancel.addEventListener("click", () => {
    reason.form.hidden = true;
    down.focus(); // the form's controls vanish: keep focus somewhere sensible
  });
  reason.form.addEventListener("submit", async (event) => {
    event.preventDefault();
    reason.submit.disabled = true;
    await send("down", reason.input.value.trim());
    reason.submit.disabled = false;
    if (!ack.classList.contains("error")) {
      reason.form.hidden = true;
      down.focus();
    }
  });
  reply.bubble.append(box);
}

/* ------------------------------------------------------------------ copying an answer */

// The answer as text to paste elsewhere: its sentences with their [n] markers, then the sources
// with links to their passages.
function answerAsText(reply) {
  const text = reply.text.replace(/^\*\*(.+)\*\*$/gm, "$1").trim();
  const sources = reply.citations.map((c) => {
    const below = sectionBelowTitle(c.title, c.section);
    const where = new URL(passageHref(c.id), window.location.origin).href;
    return `[${c.n}] ${c.title}${below ? ` › ${below}` : ""} ${where}`;
  });
  return sources.length ? `${text}\n\nSources:\n${sources.join("\n")}` : text;
}

async function writeClipboard(text) {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  // Plain-HTTP deployments have no Clipboard API: copy through a selected, off-screen text box.
  const box = el("textarea", "sr-only");
  box.value = text;
  document.body.append(box);
  box.select();
  const copied = document.execCommand("copy");
  box.remove();
  if (!copied) throw new Error("copy refused");
}

// The outcome is said in the answer's status line (the feedback's), which screen readers announce.
function copyButton(reply) {
  const button = el("button", "secondary small copy", "Copy");
  button.type = "button";
  button.setAttribute("aria-label", "Copy this answer");
  button.addEventListener("click", async () => {
    const status = reply.bubble.querySelector(".feedback-ack");
    status.classList.remove("error");
    try {
      await writeClipboard(answerAsText(reply));
      button.textContent = "Copied";
      status.textContent = "Answer and sources copied.";
    } catch {
      button.textContent = "Copy failed";
      status.classList.add("error");
      status.textContent = "The answer could not be copied; select it and copy it by hand.";
    }
    window.setTimeout(() => {
      button.textContent = "Copy";
    }, 2000);
  });
  return button;
}

/* ------------------------------------------------------------------ asking */

function setBusy(busy) {
  state.busy = busy;
  updateComposer();
}

// The tutor's own replies to small talk: nothing quoted, so nothing to rate.
const CHAT_KINDS = new Set(["greeting", "thanks", "help", "goodbye"]);

function finishAnswer(reply, done) {
  stopTyping(reply);
  if (done.conversation_id) state.conversationId = done.conversation_id;
  const kind = done.kind || "answer";
  reply.bubble.parentElement.dataset.kind = kind;
  if (done.abstained) reply.bubble.parentElement.classList.add("abstained");
  // Nearby topics after a refusal; the starter questions with help and a greeting.
  const label = done.abstained ? "Try asking one of these instead:" : "Try asking one of these:";
  renderSuggestions(reply, done.suggestions || [], label);
  if (!CHAT_KINDS.has(kind)) {
    renderFeedback(reply, state.conversationId, done.turn ?? reply.turn);
    // Beside the rating group, not in it (copying is not a rating), and before it, so that Shift+Tab
    // from the question box still reaches 👎 first.
    if (!done.abstained) reply.bubble.querySelector(".feedback-row").before(copyButton(reply));
  }
  scrollToEnd();
}

// Apply the stream's events to the reply; true once "done" arrived.
async function consumeStream(response, reply, question) {
  for await (const event of readEvents(response)) {
    const data = event.data || {};
    if (event.name === "meta") {
      state.conversationId = data.conversation_id;
      reply.turn = data.turn;
      // history.js remembers it, so a reload or the history list brings it back.
      document.dispatchEvent(new CustomEvent("tutor:conversation", { detail: { id: data.conversation_id, question } }));
    } else if (event.name === "delta") {
      if (reply.typing.isConnected) stopTyping(reply);
      reply.text += data.text || "";
      renderAnswer(reply);
    } else if (event.name === "citations") {
      reply.citations = Array.isArray(data.citations) ? data.citations : [];
      renderAnswer(reply); // markers become links now that their passages are known
      renderSources(reply);
    } else if (event.name === "done") {
      reply.plan = data.plan || null;
      reply.sections = Array.isArray(data.sections) ? data.sections : [];
      renderAnswer(reply); // the sections say which part is a note and how parts sit together
      finishAnswer(reply, data);
      return true;
    } else if (event.name === "error") {
      showError(reply, describeDetail(data.message) || "The tutor failed to answer; please try again.");
      restoreInput(question);
      return true;
    }
  }
  return false;
}

// The question box was cleared when the server accepted the question; bring it back on failure.
function restoreInput(question) {
  if (!els.input.value) {
    els.input.value = question;
    updateComposer();
  }
}

async function ask(question) {
  if (state.busy || !question.trim()) return;
  setBusy(true);
  const asked = appendLearnerMessage(question);
  const reply = appendTutorMessage();
  const controller = new AbortController();
  state.controller = controller;
  try {
    const response = await fetch("/chat/stream", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
      body: JSON.stringify({ message: question, conversation_id: state.conversationId }),
      signal: controller.signal,
    });
    if (!response.ok) {
      // Refused before any event (empty, too long, unknown conversation, rate limited): the
      // question stays in the box so the learner can fix it.
      markNotSent(asked);
      showError(reply, await errorFromResponse(response), "Couldn’t send: ");
      if (response.status === 404 && state.conversationId) {
        state.conversationId = null; // it expired: the next question starts a new conversation
        reply.bubble.append(el("p", "hint", "Your next question will start a new conversation."));
      }
      return;
    }
    if (els.input.value === question) clearInput();
    const finished = await consumeStream(response, reply, question);
    if (!finished) {
      showError(reply, "The answer was cut off. Please ask again.");
      restoreInput(question);
    }
  } catch (error) {
    if (controller.signal.aborted) return; // a new conversation was started; nothing to report
    showError(reply, "Could not reach the tutor. Check your connection and try again.");
    restoreInput(question);
  } finally {
    if (state.controller === controller) {
      state.controller = null;
      setBusy(false);
    }
  }
}

/* ------------------------------------------------------------------ the question box */

function clearInput() {
  els.input.value = "";
  updateComposer();
}

function updateComposer() {
  const length = els.input.value.length;
  // Empty or blank questions are never sent; over-long ones are, so the server's message explains.
  els.send.disabled = state.busy || !els.input.value.trim();
  els.counter.hidden = length < COUNTER_FROM;
  els.counter.classList.toggle("over", length > MAX_CHARS);
  const count = `${length.toLocaleString("en")} / ${MAX_CHARS.toLocaleString("en")} characters`;
  els.counter.textContent =
    length > MAX_CHARS ? `${count} — ${(length - MAX_CHARS).toLocaleString("en")} over the limit` : count;
  autoGrow();
}

function autoGrow() {
  els.input.style.height = "auto";
  els.input.style.height = `${Math.min(els.input.scrollHeight, INPUT_MAX_HEIGHT)}px`;
}

function submitQuestion() {
  if (els.send.disabled) return;
  const question = els.input.value;
  els.input.focus(); // after a click on Send, typing the next question should just work
  ask(question);
}

function onInputKey(event) {
  // Enter sends, Shift+Enter is a new line; never interrupt an input method's composition.
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    submitQuestion();
  }
}

function startNewConversation() {
  if (state.controller) state.controller.abort();
  state.controller = null;
  state.conversationId = null;
  setBusy(false);
  document.dispatchEvent(new CustomEvent("tutor:new"));
  for (const message of [...els.log.children]) {
    if (message !== els.welcome) message.remove();
  }
  els.input.focus();
}

/* ------------------------------------------------------------------ the passage dialog */

function showPassage(passage) {
  els.passageTitle.textContent = passage.title;
  els.passageSection.textContent = sectionBelowTitle(passage.title, passage.section);
  els.passageSource.textContent = passage.source;
  els.passageLines.textContent = describeLines(passage.lines);
  els.passageText.textContent = passage.text;
  if (!els.dialog.open) {
    state.returnFocus = document.activeElement;
    els.dialog.showModal(); // modal: the page behind is inert, so focus stays in the dialog
  }
  els.dialogClose.focus();
}

function openCitation(event, citation) {
  // Let modified clicks open the deep link in a new tab, as links do.
  if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
  event.preventDefault();
  showPassage({ ...citation, text: citation.quote });
}

// showModal() makes the page behind inert, but Tab can still leave for the browser's own UI;
// keep it cycling through the dialog's controls instead.
function trapFocus(event) {
  if (event.key !== "Tab") return;
  const focusable = [...els.dialog.querySelectorAll("button, a[href], input, textarea, [tabindex]")].filter(
    (node) => !node.disabled && node.tabIndex >= 0 && node.getClientRects().length > 0,
  );
  if (!focusable.length) return;
  const first = focusable[0];
  const last = focusable[focusable.length - 1];
  if (event.shiftKey && (document.activeElement === first || !els.dialog.contains(document.activeElement))) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first.focus();
  }
}

function onDialogClosed() {
  // A deep link has been seen once; a reload should show the chat, not the passage again.
  if (new URLSearchParams(window.location.search).has("passage")) {
    window.history.replaceState(null, "", window.location.pathname);
  }
  const target = state.returnFocus;
  state.returnFocus = null;
  (target && target.isConnected && target !== document.body ? target : els.input).focus();
}

// Slack links point at "/?passage=<id>". A link with a raw "#" leaves the chunk number in the
// fragment ("?passage=faq/x#0"), so it is put back together here.
function passageIdFromUrl() {
  const id = new URLSearchParams(window.location.search).get("passage");
  if (!id) return null;
  return !id.includes("#") && /^#\d+$/.test(window.location.hash) ? id + window.location.hash : id;
}

async function openDeepLink() {
  const id = passageIdFromUrl();
  if (!id) return;
  try {
    const response = await fetch(`/passages/${encodePassageId(id)}`);
    if (!response.ok) throw new Error(await errorFromResponse(response));
    showPassage(await response.json());
  } catch (error) {
    const reply = appendTutorMessage();
    showError(reply, error instanceof TypeError ? "Could not reach the tutor to load that passage." : error.message);
  }
}

/* ------------------------------------------------------------------ wiring */

function init() {
  els.form.addEventListener("submit", (event) => {
    event.preventDefault();
    submitQuestion();
  });
  els.input.addEventListener("input", updateComposer);
  els.input.addEventListener("keydown", onInputKey);
  els.newConversation.addEventListener("click", startNewConversation);
  els.scroller.addEventListener("scroll", onLogScrolled, { passive: true });
  // Suggestion buttons (the welcome's examples and an abstention's topics) ask their question.
  els.log.addEventListener("click", (event) => {
    const button = event.target.closest("button.suggestion");
    if (!button || state.busy) return;
    els.input.focus();
    ask(button.dataset.question);
  });
  els.dialogClose.addEventListener("click", () => els.dialog.close());
  els.dialog.addEventListener("close", onDialogClosed);
  els.dialog.addEventListener("keydown", trapFocus);
  // A click on the backdrop (the dialog element itself, outside its content) closes it.
  els.dialog.addEventListener("click", (event) => {
    if (event.target === els.dialog) els.dialog.close();
  });
  updateComposer();
  openDeepLink();
}

init();
