// Highlighting for .kling text: a line-by-line tokenizer that marks the same kinds of token as the
// TextMate grammar (grammar/kling.tmLanguage.json): front matter, comments and kling-ignore,
// headings with their {attributes}, Negative: lines, shot markers, section words, speaker labels,
// dialogue in quotes, <<<references>>>, @elements and speech verbs. It is a sketch of the grammar
// for the eye; what counts (who speaks, what is dialogue) is the server's, in its findings.
import { StreamLanguage, HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { tags as t } from "@lezer/highlight";

const SHOT = /^[ \t]*(?:[-*\u2022>]+[ \t]*)?(?:(?:shot|scene)[ \t]*\d{1,3}(?:[ \t]*\([^)\n]*\))?[ \t]*[:\-\u2013\u2014,]?|\[[ \t]*\d{1,3}(?:\.\d+)?[ \t]*s?[ \t]*[-\u2013\u2014~][ \t]*\d{1,3}(?:\.\d+)?[ \t]*s[ \t]*\][ \t]*:?)/i;
const SECTION = /^(?:visual|audio|sound effects|sfx|music|ambience|dialogue|camera|style|lighting|scene|voiceover|narrator)[ \t]*:/i;
const LABEL = /^\[[ \t]*[\p{Lu}\p{Lo}][^\[\]\n]{0,200}\][ \t]*:?/u;
const REFERENCE = /^<<<[^<>\n]{1,40}>>>/;
const ELEMENT = /^@[\p{L}][\p{L}\p{N}'\u2019_-]*/u;
const VERB = /^(?:says|said|say|whispers|whispered|shouts|shouted|yells|yelled|replies|replied|asks|asked|murmurs|murmured|mutters|muttered|answers|answered|calls|called|sings|sang|cries|exclaims|announces|tells|speaks)\b/i;
const QUOTES = { '"': '"\u201d', "\u201c": '"\u201d', "\u300c": "\u300d", "\u300e": "\u300f", "\u00ab": "\u00bb" };

function startState() {
  return { line: 0, front: false, frontDone: false, heading: false, quote: null };
}

function token(stream, state) {
  if (stream.sol()) {
    state.heading = false;
    state.quote = null; // a quote never spans lines
    const first = state.line++ === 0;
    if (first && stream.match(/^\ufeff?---[ \t]*$/)) {
      state.front = true;
      return "meta";
    }
    if (state.front) {
      if (stream.match(/^(?:---|\.\.\.)[ \t]*$/)) {
        state.front = false;
        return "meta";
      }
      if (stream.match(/^[ \t]*[\w-]+(?=[ \t]*:)/)) return "propertyName";
      stream.skipToEnd();
      return "string";
    }
    if (stream.match(/^[ \t]*\/\/[ \t]*kling-ignore\b.*/)) return "meta";
    if (stream.match(/^[ \t]*\/\/.*/)) return "comment";
    if (stream.match(/^[ \t]*#+[ \t]+/)) {
      state.heading = true;
      return "heading";
    }
    if (stream.match(/^[ \t]*negative(?:[ \t]+prompt)?[ \t]*:.*/i)) return "invalid";
    if (stream.match(SHOT)) return "keyword";
    if (stream.match(SECTION)) return "labelName";
  }
  if (state.heading) {
    if (stream.match(/^\{[^{}]*\}[ \t]*$/)) return "attributeName";
    if (stream.match(/^[^{]+/) || stream.next()) return "heading";
  }
  if (state.quote) {
    while (!stream.eol()) {
      if (state.quote.includes(stream.next())) {
        state.quote = null;
        break;
      }
    }
    return "string";
  }
  const ch = stream.peek();
  if (ch in QUOTES && (ch !== '"' || !/[\p{L}\p{N}]/u.test(stream.string.charAt(stream.pos - 1)))) {
    stream.next();
    state.quote = QUOTES[ch];
    return "string";
  }
  if (stream.match(REFERENCE)) return "macroName";
  if (stream.match(ELEMENT)) return "variableName";
  if (stream.match(LABEL)) return "className";
  if (/[\p{L}]/u.test(stream.string.charAt(stream.pos - 1) || " ")) {
    stream.match(/^[\p{L}\p{N}'\u2019-]+/u) || stream.next();
    return null;
  }
  if (stream.match(VERB)) return "operatorKeyword";
  if (stream.match(/^[\p{L}\p{N}'\u2019-]+/u)) return null;
  stream.next();
  return null;
}

export const klingLanguage = StreamLanguage.define({ name: "kling", startState, token, blankLine(state) { state.line++; } });

const style = HighlightStyle.define([
  { tag: t.comment, color: "#6a737d", fontStyle: "italic" },
  { tag: t.meta, color: "#6f42c1" },
  { tag: t.heading, color: "#0b4f8a", fontWeight: "bold" },
  { tag: t.attributeName, color: "#8a5a00" },
  { tag: t.propertyName, color: "#8a5a00" },
  { tag: t.invalid, color: "#9a3412" },
  { tag: t.keyword, color: "#7c2d92", fontWeight: "bold" },
  { tag: t.labelName, color: "#7c2d92" },
  { tag: t.className, color: "#005cc5", fontWeight: "bold" },
  { tag: t.string, color: "#116329" },
  { tag: t.macroName, color: "#b31d28" },
  { tag: t.variableName, color: "#b31d28" },
  { tag: t.operatorKeyword, color: "#0550ae", fontStyle: "italic" },
]);

export const klingHighlighting = [klingLanguage, syntaxHighlighting(style)];
