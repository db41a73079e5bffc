"use strict";
/*
 * The page's memory: the conversation in progress survives a reload, and "History" reopens earlier
 * ones. This browser keeps only ids and first questions (localStorage); the turns stay on the server,
 * read back with GET /conversations/{id}, which answers only the browser whose HttpOnly cookie
 * started the conversation (docs/conversations.md). Runs after app.js and uses its functions.
 *
 * Safety rule, as in app.js: strings from the server or from storage go on the page as text only.
 */

const memory = {
  dialog: document.getElementById("history"),
  list: document.getElementById("history-list"),
  empty: document.getElementById("history-empty"),
  open: document.getElementById("history-open"),
  close: document.getElementById("history-close"),
};

const HISTORY_KEY = "tutor.history"; // [{id, title, at}], the most recent first
const CURRENT_KEY = "tutor.current"; // the conversation a reload brings back
const HISTORY_MAX = 30;
const TURNS_PER_PAGE = 100; // the most GET /conversations/{id} gives at once

function stored(key, fallback) {
  try {
    const value = JSON.parse(window.localStorage.getItem(key));
    return value ?? fallback;
  } catch {
    return fallback; // unreadable, or storage is off: the page works, it just forgets
  }
}

function store(key, value) {
  try {
    if (value === null) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or off: nothing to remember with.
  }
}

function readHistory() {
  const entries = stored(HISTORY_KEY, []);
  return Array.isArray(entries) ? entries.filter((e) => e && typeof e.id === "string") : [];
}

function remember(id, question) {
  const entries = readHistory();
  const known = entries.find((e) => e.id === id);
  const entry = { id, title: known ? known.title : question, at: new Date().toISOString() };
  store(HISTORY_KEY, [entry, ...entries.filter((e) => e.id !== id)].slice(0, HISTORY_MAX));
  store(CURRENT_KEY, id);
}

function forget(id) {
  store(HISTORY_KEY, readHistory().filter((e) => e.id !== id));
  if (stored(CURRENT_KEY, null) === id) store(CURRENT_KEY, null);
}

/* ------------------------------------------------------------------ reading a conversation back */

// Every turn, a page at a time; null when the server does not know the conversation for this
// browser (expired, swept by retention, or the cookie was cleared).
async function fetchTurns(id) {
  const turns = [];
  let after = 0;
  for (;;) {
    const url = `/conversations/${encodeURIComponent(id)}?after=${after}&limit=${TURNS_PER_PAGE}`;
    const response = await fetch(url);
    if (response.status === 404) return null;
    if (!response.ok) throw new Error(await errorFromResponse(response));
    const page = await response.json();
    turns.push(...page.turns);
    if (page.next_after === null || page.next_after === undefined) return turns;
    after = page.next_after;
  }
}

// A stored turn, drawn as the live stream would have left it.
function renderStoredTurn(turn) {
  const answer = turn.answer || {};
  appendLearnerMessage(turn.question);
  const reply = appendTutorMessage();
  stopTyping(reply);
  reply.text = answer.answer || "";
  reply.citations = Array.isArray(answer.citations) ? answer.citations : [];
  reply.plan = answer.plan || null;
  reply.sections = Array.isArray(answer.sections) ? answer.sections : [];
  reply.turn = turn.n;
  renderAnswer(reply);
  renderSources(reply);
  finishAnswer(reply, {
    kind: answer.kind,
    abstained: turn.abstained,
    suggestions: Array.isArray(answer.suggestions) ? answer.suggestions : [],
    turn: turn.n,
  });
}

function tellGone() {
  const reply = appendTutorMessage();
  stopTyping(reply);
  reply.answer.append(
    el("p", "hint", "That conversation is no longer available (it expired, or this browser’s cookies were cleared)."),
  );
}

async function reopen(id) {
  startNewConversation(); // clears the log and anything in flight
  store(CURRENT_KEY, id); // still the one a reload brings back if reading it fails on the way
  setBusy(true);
  try {
    const turns = await fetchTurns(id);
    if (turns === null) {
      forget(id);
      tellGone();
      return;
    }
    state.conversationId = id;
    for (const turn of turns) renderStoredTurn(turn);
    scrollToEnd(true);
  } catch (error) {
    showError(appendTutorMessage(), error instanceof TypeError ? "Could not reach the tutor." : error.message,
      "Couldn’t reopen the conversation: ");
  } finally {
    setBusy(false);
  }
}

/* ------------------------------------------------------------------ the history list */

function describeWhen(iso) {
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return "";
  const sameDay = when.toDateString() === new Date().toDateString();
  return sameDay
    ? `Today, ${when.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}`
    : when.toLocaleDateString([], { day: "numeric", month: "short", year: "numeric" });
}

function renderHistory() {
  const entries = readHistory();
  const current = state.conversationId;
  memory.empty.hidden = entries.length > 0;
  memory.list.replaceChildren(
    ...entries.map((entry) => {
      const button = el("button", "history-item");
      button.type = "button";
      button.dataset.id = entry.id;
      if (entry.id === current) button.setAttribute("aria-current", "true");
      button.append(el("span", "history-title", entry.title || "Untitled"), el("span", "history-when", describeWhen(entry.at)));
      const item = el("li");
      item.append(button);
      return item;
    }),
  );
}

function openHistory() {
  renderHistory();
  memory.dialog.showModal();
  (memory.list.querySelector("button") || memory.close).focus();
}

function initHistory() {
  document.addEventListener("tutor:conversation", (event) => remember(event.detail.id, event.detail.question));
  document.addEventListener("tutor:new", () => store(CURRENT_KEY, null));
  memory.open.addEventListener("click", openHistory);
  memory.close.addEventListener("click", () => memory.dialog.close());
  memory.dialog.addEventListener("click", (event) => {
    if (event.target === memory.dialog) memory.dialog.close();
  });
  memory.list.addEventListener("click", (event) => {
    const button = event.target.closest("button.history-item");
    if (!button) return;
    memory.dialog.close();
    els.input.focus();
    reopen(button.dataset.id);
  });
  const current = stored(CURRENT_KEY, null);
  if (typeof current === "string") reopen(current);
}

initHistory();
