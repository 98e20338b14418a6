// The template checker: paste a message or an HTML template, see the score,
// the decision and every failed test with its explanation and fix, in English
// or French. Uses only the public API of the `spamgauge` npm package.
import init, { Engine, version } from "spamgauge";

const UI = {
  en: {
    title: "Will it be blocked?",
    lead: "Paste a complete message or an HTML template. Everything runs in your browser: nothing is sent anywhere.",
    placeholder: "From: …\nSubject: …\n\nor <html>…</html>",
    mode: "Read it as", auto: "detect", message: "a complete message",
    template: "a template (as if SPF, DKIM and DMARC pass)", check: "Check", score: "Score", engine: "Engine",
    spam: "blocked", ham: "delivered", why: "Why", means: "What it means", fix: "How to fix it",
    usedMessage: "read as a complete message", usedTemplate: "read as a template: sending-path tests left out",
    none: "No test failed.", some: (n) => `${n} test${n > 1 ? "s" : ""} failed.`,
  },
  fr: {
    title: "Sera-t-il bloqué ?",
    lead: "Collez un message complet ou un modèle HTML. Tout se passe dans votre navigateur : rien n'est envoyé nulle part.",
    placeholder: "From: …\nSubject: …\n\nou <html>…</html>",
    mode: "Le lire comme", auto: "détection automatique", message: "un message complet",
    template: "un modèle (comme si SPF, DKIM et DMARC réussissaient)", check: "Vérifier", score: "Score", engine: "Moteur",
    spam: "bloqué", ham: "distribué", why: "Pourquoi", means: "Ce que cela signifie", fix: "Comment corriger",
    usedMessage: "lu comme un message complet", usedTemplate: "lu comme un modèle : tests du chemin d'envoi exclus",
    none: "Aucun test échoué.", some: (n) => `${n} test${n > 1 ? "s" : ""} échoué${n > 1 ? "s" : ""}.`,
  },
};

let lang = "en";
let last = null; // { report, mode } of the last check, re-rendered on a language switch
const $ = (id) => document.getElementById(id);

function looksLikeMessage(text) {
  return /^[!-9;-~]+:/.test(text.trimStart()) && text.includes("\n");
}

function applyLanguage() {
  const ui = UI[lang];
  document.documentElement.lang = lang;
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = ui[node.dataset.i18n];
  $("input").placeholder = ui.placeholder;
  for (const button of document.querySelectorAll("[data-lang]")) button.setAttribute("aria-pressed", String(button.dataset.lang === lang));
  if (last) render(last.report, last.mode);
}

function row(list, term, text, testid) {
  const dt = document.createElement("dt");
  dt.textContent = term;
  const dd = document.createElement("dd");
  dd.textContent = text;
  dd.dataset.testid = testid;
  list.append(dt, dd);
}

function render(report, mode) {
  const ui = UI[lang];
  $("result").hidden = false;
  $("error").hidden = true;
  $("decision").textContent = ui[report.decision];
  $("decision").className = `badge ${report.decision}`;
  $("decision").dataset.decision = report.decision;
  $("score").textContent = report.score.toFixed(1);
  $("score").dataset.score = String(report.score);
  $("threshold").textContent = report.threshold.toFixed(1);
  $("mode-used").textContent = mode === "template" ? ui.usedTemplate : ui.usedMessage;
  const failed = report.hits.filter((hit) => hit.score > 0);
  $("summary").textContent = failed.length === 0 ? ui.none : ui.some(failed.length);
  const list = $("hits");
  list.replaceChildren();
  for (const hit of [...report.hits].sort((a, b) => b.score - a.score)) {
    const item = document.createElement("li");
    item.className = "hit";
    item.dataset.test = hit.name;
    const head = document.createElement("div");
    head.className = "hit-head";
    const name = document.createElement("span");
    name.className = "hit-name";
    name.textContent = hit.name;
    const score = document.createElement("span");
    score.className = `hit-score ${hit.score > 0 ? "positive" : "negative"}`;
    score.textContent = (hit.score > 0 ? "+" : "") + hit.score.toFixed(3);
    score.dataset.testid = "hit-score";
    head.append(name, score);
    const description = document.createElement("div");
    description.textContent = hit.description[lang];
    description.dataset.testid = "description";
    const details = document.createElement("dl");
    row(details, ui.why, hit.evidence[lang], "evidence");
    row(details, ui.means, hit.explanation[lang], "explanation");
    row(details, ui.fix, hit.fix[lang], "fix");
    item.append(head, description, details);
    list.append(item);
  }
}

function check(engine) {
  const text = $("input").value;
  const choice = $("mode").value;
  const mode = choice === "auto" ? (looksLikeMessage(text) ? "message" : "template") : choice;
  try {
    const report = mode === "template" ? engine.scoreTemplate(text) : engine.score(text);
    last = { report, mode };
    render(report, mode);
  } catch (error) {
    last = null;
    $("result").hidden = true;
    $("error").hidden = false;
    $("error").textContent = error.message;
  }
}

async function main() {
  await init();
  const engine = new Engine();
  $("version").textContent = version();
  $("form").addEventListener("submit", (event) => { event.preventDefault(); check(engine); });
  for (const button of document.querySelectorAll("[data-lang]")) {
    button.addEventListener("click", () => { lang = button.dataset.lang; applyLanguage(); });
  }
  applyLanguage();
  $("check").disabled = false;
  document.body.dataset.ready = "true";
}

main().catch((error) => {
  $("error").hidden = false;
  $("error").textContent = `spamgauge failed to load: ${error.message}`;
});
