// Tokenizes .contract files with the extension's TextMate grammar, as VS Code does,
// and prints each file's tokens as JSON: {"file": [[{"text", "scopes"}, ...] per line]}.
//
//     node tokenize.mjs FILE...
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import oniguruma from "vscode-oniguruma";
import textmate from "vscode-textmate";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const grammarPath = join(here, "..", "syntaxes", "contract.tmLanguage.json");

const wasm = readFileSync(join(dirname(require.resolve("vscode-oniguruma")), "onig.wasm"));
await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));

const registry = new textmate.Registry({
    onigLib: Promise.resolve({
        createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
        createOnigString: (text) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName) =>
        scopeName === "source.contract"
            ? textmate.parseRawGrammar(readFileSync(grammarPath, "utf8"), grammarPath)
            : null,
});
const grammar = await registry.loadGrammar("source.contract");

const result = {};
for (const file of process.argv.slice(2)) {
    const text = readFileSync(file, "utf8").replace(/^\uFEFF/, "");
    let state = textmate.INITIAL;
    const lines = [];
    for (const line of text.split(/\r?\n/)) {
        const { tokens, ruleStack } = grammar.tokenizeLine(line, state);
        lines.push(
            tokens.map((token) => ({
                text: line.slice(token.startIndex, token.endIndex),
                scopes: token.scopes,
            })),
        );
        state = ruleStack;
    }
    result[file] = lines;
}
process.stdout.write(JSON.stringify(result) + "\n");
