"use strict";
/*
 * The curriculum-gap page. Its data comes from GET /admin/gaps, which the browser reaches with the
 * admin credentials it asked for when the page opened (HTTP Basic); the CSV link reuses them.
 *
 * Safety rule: every string from the server (learners' questions and reasons above all) goes on the
 * page with textContent, never as HTML.
 */

const admin = {
  main: document.querySelector(".admin-main"),
  days: document.getElementById("days"),
  csv: document.getElementById("csv"),
  error: document.getElementById("admin-error"),
  questions: document.getElementById("fig-questions"),
  abstained: document.getElementById("fig-abstained"),
  rate: document.getElementById("fig-rate"),
  topicCount: document.getElementById("fig-topics"),
  trend: document.getElementById("trend"),
  trendSummary: document.getElementById("trend-summary"),
  trendFirst: document.getElementById("trend-first"),
  trendLast: document.getElementById("trend-last"),
  trendRows: document.getElementById("trend-rows"),
  topics: document.getElementById("topics"),
  noTopics: document.getElementById("no-topics"),
};

const SVG = "http://www.w3.org/2000/svg";
const CHART = { width: 600, height: 160, gap: 0.2 };

function node(tag, className, text) {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (text !== undefined) element.textContent = text;
  return element;
}

function percent(part, whole) {
  return whole ? `${Math.round((100 * part) / whole)}%` : "–";
}

function times(n) {
  return n === 1 ? "once" : `${n.toLocaleString("en")} times`;
}

function when(iso) {
  return new Date(iso).toLocaleDateString("en", { day: "numeric", month: "short", year: "numeric" });
}

/* ------------------------------------------------------------------ the abstention rate over time */

function renderTrend(days) {
  const slot = CHART.width / Math.max(days.length, 1);
  const bars = days.map((day, i) => {
    const rate = day.questions ? day.abstained / day.questions : 0;
    const height = day.questions ? Math.max(rate * CHART.height, 2) : 1;
    const bar = document.createElementNS(SVG, "rect");
    bar.setAttribute("class", day.questions ? "bar" : "bar empty");
    bar.setAttribute("x", String(i * slot + (slot * CHART.gap) / 2));
    bar.setAttribute("width", String(slot * (1 - CHART.gap)));
    bar.setAttribute("y", String(CHART.height - height));
    bar.setAttribute("height", String(height));
    const title = document.createElementNS(SVG, "title");
    title.textContent = `${day.day}: ${day.abstained} of ${day.questions} not answered (${percent(day.abstained, day.questions)})`;
    bar.append(title);
    return bar;
  });
  admin.trend.replaceChildren(...bars);

  const asked = days.filter((d) => d.questions);
  const worst = asked.reduce((a, d) => (!a || d.abstained / d.questions > a.abstained / a.questions ? d : a), null);
  admin.trendFirst.textContent = days.length ? days[0].day : "";
  admin.trendLast.textContent = days.length ? days[days.length - 1].day : "";
  admin.trendSummary.textContent = asked.length
    ? `Each bar is one day's share of questions not answered (full height: all of them). ` +
      `${asked.length} of ${days.length} days had questions; the highest was ` +
      `${percent(worst.abstained, worst.questions)} on ${worst.day}.`
    : `No questions in the last ${days.length} days.`;
  admin.trendRows.replaceChildren(
    ...asked.map((d) => {
      const row = node("tr");
      row.append(node("td", "", d.day), node("td", "", String(d.questions)), node("td", "", String(d.abstained)),
        node("td", "", percent(d.abstained, d.questions)));
      return row;
    }),
  );
}

/* ------------------------------------------------------------------ the topics */

function renderTopic(topic) {
  const item = node("li", "card topic");
  item.append(node("h3", "topic-label", topic.label));
  const counts = node("p", "topic-counts");
  counts.append(
    node("strong", "", `Asked ${times(topic.asked)}`),
    // Words, not 👎: the page must read right where no emoji font is installed.
    document.createTextNode(
      ` · declined ${topic.abstained} · rated not helpful ${topic.rated_down} · last ${when(topic.last_asked)}`,
    ),
  );
  item.append(counts);

  const examples = node("ul", "examples");
  examples.setAttribute("aria-label", "How learners asked");
  for (const example of topic.examples) {
    const line = node("li");
    line.append(node("span", "", example.question));
    if (example.asked > 1) line.append(node("span", "times", ` ×${example.asked}`));
    examples.append(line);
  }
  item.append(examples);
  const more = topic.distinct_questions - topic.examples.length;
  if (more > 0) item.append(node("p", "muted", `and ${more} more wording${more === 1 ? "" : "s"} (all in the CSV)`));

  if (topic.reasons.length) {
    const reasons = node("div", "reasons");
    reasons.append(node("p", "reasons-title", "What learners said was wrong or missing"));
    for (const reason of topic.reasons) reasons.append(node("blockquote", "reason", reason));
    item.append(reasons);
  }
  return item;
}

function render(report) {
  admin.questions.textContent = report.questions.toLocaleString("en");
  admin.abstained.textContent = report.abstained.toLocaleString("en");
  admin.rate.textContent = percent(report.abstained, report.questions);
  admin.topicCount.textContent = String(report.topics.length);
  renderTrend(report.per_day);
  admin.topics.replaceChildren(...report.topics.map(renderTopic));
  admin.noTopics.hidden = report.topics.length > 0;
}

/* ------------------------------------------------------------------ loading */

async function load() {
  const days = admin.days.value;
  admin.csv.href = `/admin/gaps.csv?days=${days}`;
  admin.main.setAttribute("aria-busy", "true");
  admin.error.hidden = true;
  try {
    const response = await fetch(`/admin/gaps?days=${days}`);
    if (!response.ok) {
      const body = await response.json().catch(() => ({}));
      throw new Error(typeof body.detail === "string" ? body.detail : `HTTP ${response.status}`);
    }
    render(await response.json());
  } catch (error) {
    admin.error.textContent = `Could not load the report: ${error.message}`;
    admin.error.hidden = false;
  } finally {
    admin.main.setAttribute("aria-busy", "false");
  }
}

admin.days.addEventListener("change", load);
load();
