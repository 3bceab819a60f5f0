#!/usr/bin/env node
// Robustness checks for kling.tmLanguage.json that scope assertions cannot express:
//  1. No construct spans lines except the front matter: after any line, the rule stack is
//     back at the root (an open quote, bracket or brace never swallows the next line).
//  2. No pattern backtracks catastrophically: long adversarial lines tokenize within a budget.
// Run with `npm run robustness`; exits non-zero on any failure.
'use strict';
const fs = require('fs');
const path = require('path');
const tm = require('vscode-textmate');
const onig = require('vscode-oniguruma');

const GRAMMAR = path.resolve(process.argv[2] || path.join(__dirname, '..', 'kling.tmLanguage.json'));
const LONG = 40000; // characters per adversarial line
const BUDGET_MS = 2000; // per line; linear patterns take well under 500 ms here

async function loadGrammar() {
  const wasm = fs.readFileSync(path.join(path.dirname(require.resolve('vscode-oniguruma')), 'onig.wasm')).buffer;
  await onig.loadWASM(wasm);
  const registry = new tm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new onig.OnigScanner(patterns),
      createOnigString: (s) => new onig.OnigString(s),
    }),
    loadGrammar: async () => tm.parseRawGrammar(fs.readFileSync(GRAMMAR, 'utf8'), GRAMMAR),
  });
  return registry.loadGrammar('source.kling');
}

const failures = [];
const fail = (msg) => failures.push(msg);

function checkLinesNeverLeak(grammar) {
  const tricky = [
    'She shouts, "Get down!', 'He whispers, “Wait, “they\'re', "The boy says, 'Run", '「まだ', '『途中', '«Sin cerrar',
    '[Ivo: porter, weary voice', '# Heading {duration=5', '<<<voice_1', '(~2s, close-up', 'Voiceover (deep voice',
    '// kling-ignore: empty-clip, "open', 'Negative: "open', '@', '[0-3s', 'Shot 1 (3s', '【风格', '---', '...',
  ];
  // Deterministic pseudo-random lines over the characters the grammar cares about.
  const alphabet = [...'aAsSnN \t\'’‘"“”「」『』«»[]{}()<>@#/:=,.-–—~0123456789*•🎬カット镜头'];
  const words = ['Shot ', 'says ', 'quietly ', 'Audio:', 'Negative:', 'kling-ignore', '<<<voice_1>>>', '[Ivo]:', 'Voiceover ', "'90s ", "don't "];
  let seed = 20240601;
  const rnd = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return Math.floor((seed / 2147483648) * n); };
  const lines = [...tricky];
  for (let i = 0; i < 3000; i++) {
    let s = '';
    const len = rnd(200);
    while (s.length < len) s += rnd(8) === 0 ? words[rnd(words.length)] : alphabet[rnd(alphabet.length)];
    lines.push(s);
  }
  let stack = tm.INITIAL;
  // Start after a prompt line, so a '---' in the list is not front matter.
  stack = grammar.tokenizeLine('A prompt line.', stack).ruleStack;
  for (const line of lines) {
    stack = grammar.tokenizeLine(line, stack).ruleStack;
    if (stack.depth !== 1) {
      fail(`rule stack left open (depth ${stack.depth}) after line ${JSON.stringify(line)}`);
      stack = tm.INITIAL;
    }
  }
  return lines.length;
}

function checkFrontMatterSpansLines(grammar) {
  let stack = grammar.tokenizeLine('---', tm.INITIAL).ruleStack;
  if (stack.depth !== 2) fail('front matter did not open on a first-line ---');
  stack = grammar.tokenizeLine('title: x', stack).ruleStack;
  stack = grammar.tokenizeLine('---', stack).ruleStack;
  if (stack.depth !== 1) fail('front matter did not close at ---');
}

function checkNoCatastrophicBacktracking(grammar) {
  const n = LONG;
  const fill = (s) => s.repeat(Math.ceil(n / s.length)).slice(0, n);
  const cases = {
    'blanks': ' '.repeat(n),
    'heading, trailing blanks': '# a' + ' '.repeat(n),
    'heading, blanks then open brace': '# a' + ' '.repeat(n) + '{x',
    'heading, many braces': '# ' + fill('{a '),
    'label never closed': '[A' + ' '.repeat(n),
    'label with colon never closed': '[A:' + ' '.repeat(n),
    'many label starts': fill('[A: b @'),
    'straight double marks after words': fill('a"'),
    'inch marks': fill('1" '),
    'plural possessives': fill("dogs' "),
    'open single quote, possessives': "'" + fill("dogs' x"),
    'lone single marks': fill("' "),
    'sentence ends then blanks': '.' + ' '.repeat(n),
    'section words': fill('. Audio '),
    'speech verbs and adverbs': fill('says quietlyly '),
    'adverb-like words': fill('abcdefghly '),
    'reference openers': fill('<<<'),
    'at signs': fill('@a@'),
    'bullets': '- ' + fill('*'),
    'time code starts': fill('[1-'),
    'beat start': '(' + fill('~1s'),
    'quote openers': fill('“「『«'),
    'mixed punctuation': fill("a'b\"c“d「e『f«g[h]i{j}k<<<l>>>@m "),
    'comment with names': '// kling-ignore ' + fill('rule-a, '),
  };
  grammar.tokenizeLine('warm up: says "hi" [Ivo]: <<<voice_1>>>', tm.INITIAL); // compile every pattern first
  let worst = 0;
  for (const [name, line] of Object.entries(cases)) {
    const started = process.hrtime.bigint();
    grammar.tokenizeLine(line, tm.INITIAL, 0);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    worst = Math.max(worst, ms);
    if (ms > BUDGET_MS) fail(`${name}: ${ms.toFixed(0)} ms for a ${line.length}-character line (budget ${BUDGET_MS} ms)`);
  }
  // Front matter values are matched inside the block.
  const open = grammar.tokenizeLine('---', tm.INITIAL).ruleStack;
  const started = process.hrtime.bigint();
  grammar.tokenizeLine('title: a' + ' '.repeat(n), open, 0);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (ms > BUDGET_MS) fail(`front matter value with trailing blanks: ${ms.toFixed(0)} ms`);
  return [Object.keys(cases).length + 1, Math.max(worst, ms)];
}

loadGrammar().then((grammar) => {
  const lines = checkLinesNeverLeak(grammar);
  checkFrontMatterSpansLines(grammar);
  const [cases, worst] = checkNoCatastrophicBacktracking(grammar);
  if (failures.length) {
    for (const f of failures.slice(0, 20)) console.log('✖ ' + f);
    if (failures.length > 20) console.log(`… and ${failures.length - 20} more`);
    console.log(`${failures.length} robustness check(s) failed`);
    process.exit(1);
  }
  console.log(`✓ ${lines} lines: no construct outside the front matter spans lines`);
  console.log(`✓ ${cases} adversarial ${LONG}-character lines: slowest ${worst.toFixed(0)} ms (budget ${BUDGET_MS} ms)`);
}).catch((err) => {
  console.error(err);
  process.exit(1);
});
