"use strict";
/*
 * Tutor mode on the page: the Ask / Practice / Plan my path views, practice items with their
 * feedback, progress bars per level, and the plan form. No framework, no build step. Loaded as a
 * module, so that its names stay its own and never replace app.js's (both are plain scripts else).
 *
 * Safety rule, as in app.js: every string from the server is put on the page with textContent
 * or as an attribute value, never as HTML. No inline styles: bars are <progress> elements.
 */

const tutor = {
  tabs: [...document.querySelectorAll(".view-tab")],
  views: [...document.querySelectorAll("[data-view-of]")],
  newConversation: document.getElementById("new-conversation"),
  historyOpen: document.getElementById("history-open"),
  level: document.getElementById("practice-level"),
  kind: document.getElementById("practice-kind"),
  prompt: document.getElementById("practice-prompt"),
  body: document.getElementById("practice-body"),
  feedback: document.getElementById("practice-feedback"),
  progressSummary: document.getElementById("progress-summary"),
  progressLevels: document.getElementById("progress-levels"),
  planForm: document.getElementById("plan-form"),
  planText: document.getElementById("plan-text"),
  planSubmit: document.getElementById("plan-submit"),
  planError: document.getElementById("plan-error"),
  planResult: document.getElementById("plan-result"),
  planSummary: document.getElementById("plan-summary"),
  planLines: document.getElementById("plan-lines"),
  planAsk: document.getElementById("plan-ask"),
  planPractice: document.getElementById("plan-practice"),
};

const KIND_NAMES = {
  short: "Short answer",
  choice: "Multiple choice",
  cloze: "Fill in the blank",
  order: "Put in order",
};
const GRADE_NAMES = { correct: "Correct", partly: "Partly right", "not yet": "Not yet" };
const LEARNER_KEY = "tutor.learner";

const practiceState = { item: null, started: false, planLevel: null, busy: false };

function node(tag, className, text) {
  const made = document.createElement(tag);
  if (className) made.className = className;
  if (text !== undefined) made.textContent = text;
  return made;
}

// An anonymous learner id, made once and kept in this browser.
function learnerId() {
  let id = null;
  try {
    id = window.localStorage.getItem(LEARNER_KEY);
  } catch {
    id = null; // storage blocked: a fresh id per page load
  }
  if (!id) {
    const random = window.crypto && window.crypto.randomUUID ? window.crypto.randomUUID() : String(Date.now());
    id = `web:${random}`;
    try {
      window.localStorage.setItem(LEARNER_KEY, id);
    } catch {
      /* keep it for this page only */
    }
  }
  return id;
}

function passageLink(id, label) {
  const link = node("a", "passage-link", label);
  link.href = `/?passage=${encodeURIComponent(id).replace(/%2F/gi, "/")}`;
  link.target = "_blank";
  link.rel = "noopener";
  return link;
}

async function postJson(path, body) {
  const response = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  return readJson(response);
}

async function readJson(response) {
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  if (!response.ok) {
    const detail = data && data.detail;
    const text = Array.isArray(detail) ? detail.map((d) => d.msg).join(" ") : detail;
    throw new Error(text || `the tutor answered ${response.status}`);
  }
  return data;
}

/* ------------------------------------------------------------------ the views */

function showView(name) {
  for (const tab of tutor.tabs) tab.setAttribute("aria-pressed", String(tab.dataset.view === name));
  for (const view of tutor.views) view.hidden = view.dataset.viewOf !== name;
  tutor.newConversation.hidden = name !== "ask";
  tutor.historyOpen.hidden = name !== "ask"; // history.js: earlier conversations of the Ask view
  if (name === "practice" && !practiceState.started) {
    practiceState.started = true;
    nextItem();
  }
  if (name === "plan") tutor.planText.focus();
}

/* ------------------------------------------------------------------ practice */

function clearCard() {
  tutor.body.replaceChildren();
  tutor.feedback.replaceChildren();
  tutor.feedback.hidden = true;
}

function showMessage(text) {
  clearCard();
  tutor.kind.textContent = "";
  tutor.prompt.textContent = text;
}

async function nextItem(level) {
  const body = { learner_id: learnerId() };
  if (level !== undefined) body.level = level || null;
  try {
    const served = await postJson("/practice/next", body);
    if (served.level !== undefined) tutor.level.value = served.level || "";
    if (!served.item) {
      showMessage("There are no questions for this level yet.");
      return;
    }
    renderItem(served.item, served.status);
  } catch (error) {
    showMessage(`Couldn’t load a question: ${error.message}`);
  }
  refreshProgress();
}

function renderItem(item, status) {
  practiceState.item = item;
  clearCard();
  const due = status === "due" ? " · review" : "";
  tutor.kind.textContent = `${KIND_NAMES[item.kind]} · ${item.level_name} · ${item.section}${due}`;
  tutor.prompt.textContent = item.prompt;
  if (item.kind === "choice" || item.kind === "cloze") {
    const group = node("div", "choices");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Choices");
    for (const choice of item.choices) {
      const button = node("button", "choice", choice);
      button.type = "button";
      button.addEventListener("click", () => submitAnswer(choice));
      group.append(button);
    }
    tutor.body.append(group);
  }
  if (item.kind === "order") tutor.body.append(orderList(item.choices));
  if (item.kind === "short" || item.kind === "cloze") tutor.body.append(textAnswer(item.kind));
  const first = tutor.body.querySelector("button, textarea, input");
  if (first) first.focus();
}

function textAnswer(kind) {
  const form = node("form", "answer-form");
  const id = "practice-answer";
  const label = node("label", null, kind === "cloze" ? "Or type the missing words" : "Your answer");
  label.htmlFor = id;
  const box = node(kind === "cloze" ? "input" : "textarea");
  box.id = id;
  if (kind !== "cloze") box.rows = 3;
  box.maxLength = 2000;
  const send = node("button", "primary", "Check my answer");
  send.type = "submit";
  form.append(label, box, send);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (box.value.trim()) submitAnswer(box.value);
  });
  return form;
}

function orderList(entries) {
  const wrap = node("div", "order");
  const list = node("ol", "order-list");
  const move = (row, step) => {
    const target = step < 0 ? row.previousElementSibling : row.nextElementSibling;
    if (!target) return;
    if (step < 0) list.insertBefore(row, target);
    else list.insertBefore(target, row);
    row.querySelector(step < 0 ? ".up" : ".down").focus();
  };
  for (const entry of entries) {
    const row = node("li", "order-row");
    row.dataset.entry = entry;
    const text = node("span", "order-text", entry);
    const up = node("button", "icon-button up", "↑");
    up.type = "button";
    up.setAttribute("aria-label", `Move up: ${entry}`);
    up.addEventListener("click", () => move(row, -1));
    const down = node("button", "icon-button down", "↓");
    down.type = "button";
    down.setAttribute("aria-label", `Move down: ${entry}`);
    down.addEventListener("click", () => move(row, 1));
    row.append(text, up, down);
    list.append(row);
  }
  const send = node("button", "primary", "Check the order");
  send.type = "button";
  send.addEventListener("click", () => submitAnswer([...list.children].map((row) => row.dataset.entry)));
  wrap.append(list, send);
  return wrap;
}

async function submitAnswer(answer) {
  const item = practiceState.item;
  if (!item || practiceState.busy) return;
  practiceState.busy = true;
  for (const control of tutor.body.querySelectorAll("button, textarea, input")) control.disabled = true;
  try {
    const graded = await postJson("/practice/answer", { learner_id: learnerId(), item_id: item.id, answer });
    renderFeedback(graded, answer);
  } catch (error) {
    for (const control of tutor.body.querySelectorAll("button, textarea, input")) control.disabled = false;
    tutor.feedback.replaceChildren(node("p", "error-text", `Couldn’t check the answer: ${error.message}`));
    tutor.feedback.hidden = false;
  } finally {
    practiceState.busy = false;
  }
  refreshProgress();
}

function renderFeedback(graded, answer) {
  for (const button of tutor.body.querySelectorAll(".choice")) {
    if (button.textContent === answer) button.classList.add("picked");
    if (button.textContent === graded.expected) button.classList.add("right");
  }
  const panel = tutor.feedback;
  panel.replaceChildren();
  panel.dataset.grade = graded.grade;
  panel.append(node("p", `grade grade-${graded.grade.replace(" ", "-")}`, GRADE_NAMES[graded.grade]));
  // "Correct." alone would repeat the badge; anything more (what was missing) is worth reading.
  if (graded.feedback !== `${GRADE_NAMES.correct}.`) panel.append(node("p", "feedback-text", graded.feedback));
  if (graded.missing.length && graded.grade === "partly") {
    const missing = node("ul", "missing");
    for (const point of graded.missing) missing.append(node("li", null, point));
    panel.append(node("p", "missing-label", "What was missing:"), missing);
  }
  const quote = node("blockquote", "passage-quote", graded.passage.quote);
  const where = node("p", "passage-where");
  where.append("From ", passageLink(graded.passage.id, graded.passage.section || graded.passage.title));
  panel.append(quote, where);
  const when = new Date(graded.due);
  panel.append(node("p", "muted", `This question comes back ${describeWhen(when)}.`));
  const next = node("button", "primary", "Next question");
  next.type = "button";
  next.addEventListener("click", () => nextItem());
  panel.append(next);
  panel.hidden = false;
  // Keep the question and the choice made in view; the feedback reads on below them.
  panel.tabIndex = -1;
  panel.focus({ preventScroll: true });
  tutor.kind.scrollIntoView({ block: "start" });
}

function describeWhen(when) {
  const minutes = Math.round((when.getTime() - Date.now()) / 60000);
  if (minutes < 2) return "in a minute";
  if (minutes < 90) return `in ${minutes} minutes`;
  const hours = Math.round(minutes / 60);
  if (hours < 36) return `in ${hours} hours`;
  return `in ${Math.round(hours / 24)} days`;
}

async function refreshProgress() {
  try {
    const response = await fetch(`/learners/${encodeURIComponent(learnerId())}/progress`);
    renderProgress(await readJson(response));
  } catch (error) {
    tutor.progressSummary.textContent = `Couldn’t load your progress: ${error.message}`;
  }
}

function renderProgress(progress) {
  const all = progress.overall;
  tutor.progressSummary.textContent =
    `${all.seen} of ${all.total} questions seen · ${all.retained} retained · ${all.due} due now`;
  tutor.progressLevels.replaceChildren();
  for (const level of progress.levels) {
    const row = node("li", "progress-row");
    const id = `progress-${level.level}`;
    const label = node("label", "progress-label", level.name);
    label.htmlFor = id;
    const bar = node("progress");
    bar.id = id;
    bar.max = level.total;
    bar.value = level.seen;
    const counts = node("span", "progress-counts", `${level.seen}/${level.total} seen · ${level.retained} retained · ${level.due} due`);
    row.append(label, bar, counts);
    tutor.progressLevels.append(row);
  }
}

/* ------------------------------------------------------------------ plan my path */

async function makePlan(text) {
  tutor.planError.hidden = true;
  tutor.planSubmit.disabled = true;
  try {
    renderPlan(await postJson("/plan", { text, learner_id: learnerId() }));
  } catch (error) {
    tutor.planError.textContent = `Couldn’t make a plan: ${error.message}`;
    tutor.planError.hidden = false;
  } finally {
    tutor.planSubmit.disabled = false;
  }
}

function renderPlan(plan) {
  tutor.planSummary.replaceChildren();
  for (const [term, value] of [
    ["Role", plan.role],
    ["Certification", plan.certification],
    ["Start at", plan.level_name],
    ["Track", plan.track],
  ]) {
    if (value) tutor.planSummary.append(node("dt", null, term), node("dd", null, value));
  }
  tutor.planLines.replaceChildren();
  for (const line of plan.lines) {
    const item = node("li", "plan-line");
    item.append(node("p", "plan-text", line.text));
    const sources = node("p", "plan-sources");
    line.sources.forEach((source, n) => {
      if (n) sources.append(" · ");
      sources.append(passageLink(source.id, source.section || source.title));
    });
    item.append(sources);
    tutor.planLines.append(item);
  }
  tutor.planAsk.replaceChildren();
  tutor.planAsk.hidden = !plan.ask;
  if (plan.ask) {
    tutor.planAsk.append(node("p", "plan-question", plan.ask.question));
    const choices = node("div", "choices");
    choices.setAttribute("role", "group");
    choices.setAttribute("aria-label", "Roles");
    for (const role of plan.ask.choices) {
      const button = node("button", "choice", role);
      button.type = "button";
      button.addEventListener("click", () => {
        tutor.planText.value = `I am a ${role}. ${tutor.planText.value}`.trim();
        makePlan(tutor.planText.value);
      });
      choices.append(button);
    }
    tutor.planAsk.append(choices);
  }
  practiceState.planLevel = plan.level;
  tutor.planPractice.hidden = !plan.level;
  tutor.planPractice.textContent = plan.level_name ? `Start practising at the ${plan.level_name} level` : "";
  tutor.planResult.hidden = false;
}

/* ------------------------------------------------------------------ wiring */

for (const tab of tutor.tabs) tab.addEventListener("click", () => showView(tab.dataset.view));
tutor.level.addEventListener("change", () => nextItem(tutor.level.value));
tutor.planForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const text = tutor.planText.value.trim();
  if (!text) {
    tutor.planError.textContent = "Tell me a little about yourself first.";
    tutor.planError.hidden = false;
    return;
  }
  makePlan(text);
});
tutor.planPractice.addEventListener("click", () => {
  practiceState.started = true;
  showView("practice");
  nextItem(practiceState.planLevel);
});
