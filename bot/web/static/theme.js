"use strict";
/*
 * The manual light/dark toggle. Loaded in <head> without defer, so the chosen theme applies from the
 * first paint; with no choice saved, the page follows the system (style.css uses light-dark()).
 */
(() => {
  const KEY = "tutor.theme";
  const root = document.documentElement;
  const system = window.matchMedia("(prefers-color-scheme: dark)");

  function saved() {
    try {
      const theme = window.localStorage.getItem(KEY);
      return theme === "light" || theme === "dark" ? theme : null;
    } catch {
      return null; // storage off (a private window's policy): the system's theme it is
    }
  }

  function current() {
    return saved() || (system.matches ? "dark" : "light");
  }

  // The button's two icons, drawn here once for every page that has the toggle.
  const SVG = "http://www.w3.org/2000/svg";
  const ICONS = {
    "icon-moon": ["M21 12.8A9 9 0 1 1 11.2 3a7 7 0 0 0 9.8 9.8z"],
    "icon-sun": [
      "M12 8a4 4 0 1 0 0 8a4 4 0 1 0 0-8z",
      "M12 2v2M12 20v2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M2 12h2M20 12h2M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4",
    ],
  };

  function icon(name) {
    const svg = document.createElementNS(SVG, "svg");
    for (const [key, value] of Object.entries({ class: name, viewBox: "0 0 24 24", width: "22", height: "22" })) {
      svg.setAttribute(key, value);
    }
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    for (const d of ICONS[name]) {
      const path = document.createElementNS(SVG, "path");
      path.setAttribute("d", d);
      svg.append(path);
    }
    return svg;
  }

  function show(button) {
    const dark = current() === "dark";
    button.setAttribute("aria-pressed", String(dark));
  }

  const chosen = saved();
  if (chosen) root.dataset.theme = chosen;

  document.addEventListener("DOMContentLoaded", () => {
    const button = document.getElementById("theme-toggle");
    button.append(icon("icon-moon"), icon("icon-sun"));
    show(button);
    system.addEventListener("change", () => show(button));
    button.addEventListener("click", () => {
      const next = current() === "dark" ? "light" : "dark";
      root.dataset.theme = next;
      try {
        window.localStorage.setItem(KEY, next);
      } catch {
        // Not saved: the toggle still holds for this visit.
      }
      show(button);
    });
  });
})();
