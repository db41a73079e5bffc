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

  function show(button) {
    const dark = current() === "dark";
    button.setAttribute("aria-pressed", String(dark));
  }

  const chosen = saved();
  if (chosen) root.dataset.theme = chosen;

  document.addEventListener("DOMContentLoaded", () => {
    const button = document.getElementById("theme-toggle");
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
