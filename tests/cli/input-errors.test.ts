/**
 * Bad files and places on the command line: every case exits non-zero with a message naming the
 * file (and line:col or byte offset) or the flag, what is wrong and what fixes it; never a stack trace.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { run } from "../../cli/main";
import { MAX_ALIAS_COUNT } from "../../cli/yaml-file";

const repo = resolve(__dirname, "..", "..", "..");

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await run(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
    const result = { code, out: out.join("\n"), err: err.join("\n") };
    assert.doesNotMatch(result.err, /\n\s+at .+:\d+:\d+|internal error|EEXIST|EISDIR|ENOTDIR/);
    return result;
}

/** A project folder holding `Pulumi.<stack>.yaml` with `content`. */
function project(stack: string, content: string | Buffer): string {
    const dir = mkdtempSync(join(tmpdir(), "ef-input-"));
    copyFileSync(join(repo, "Pulumi.yaml"), join(dir, "Pulumi.yaml"));
    writeFileSync(join(dir, `Pulumi.${stack}.yaml`), content);
    return dir;
}

async function plan(stack: string, content: string | Buffer): Promise<{ code: number; err: string }> {
    const dir = project(stack, content);
    return cli(["plan", "--stack", stack, "--dir", dir, "--out", join(dir, "out")]);
}

test("stack file YAML errors point at their real line:col with what fixes them", async () => {
    const syntax = await plan("syntax", "config:\n  azure-native:location: westeurope\n  edge-fabric:site:\n    name: site01\n    location: west: europe\n");
    assert.equal(syntax.code, 1);
    assert.equal(syntax.err, "error: Pulumi.syntax.yaml:5:15: invalid YAML: Nested mappings are not allowed in compact mappings");

    const duplicate = await plan("dup", "config:\n  azure-native:location: westeurope\n  edge-fabric:site:\n    name: a\n    tags: {}\n    name: b\n");
    assert.equal(duplicate.code, 1);
    assert.equal(duplicate.err, 'error: Pulumi.dup.yaml:6:5: duplicate key "name" (first at Pulumi.dup.yaml:4:5); keep one of them');

    const tabs = await plan("tabs", "config:\n  edge-fabric:site:\n\tname: x\n");
    assert.equal(tabs.code, 1);
    assert.match(tabs.err, /^error: Pulumi\.tabs\.yaml:3:1: invalid YAML: Tabs are not allowed as indentation; indent with spaces$/m);
});

test("a stack file that is not UTF-8 text is refused with its byte offset", async () => {
    const latin1 = await plan("latin1", Buffer.concat([Buffer.from("config:\n  edge-fabric:site:\n    name: caf"), Buffer.from([0xe9]), Buffer.from("\n")]));
    assert.equal(latin1.code, 1);
    assert.equal(latin1.err, "error: Pulumi.latin1.yaml: byte 0xe9 at byte offset 41 (line 3) is not UTF-8; save the file as UTF-8 text");

    const binary = await plan("binary", Buffer.from([0x63, 0x6f, 0x6e, 0x0a, 0x00, 0x01, 0x02, 0xff]));
    assert.equal(binary.code, 1);
    assert.equal(binary.err, "error: Pulumi.binary.yaml: a NUL byte at byte offset 4 (line 2) marks binary data, not text; save the file as UTF-8 text");

    const notAMap = await plan("scalar", "just some words\n");
    assert.equal(notAMap.err, "error: Pulumi.scalar.yaml:1:1: a stack file is a map with a config: section (see Pulumi.dev.yaml)");
});

test("a billion-laughs alias bomb is refused naming the file and the first alias", async () => {
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 9; i++) {
        levels.push(`l${i}: &l${i} [${Array(10).fill(i === 1 ? "*a" : `*l${i - 1}`).join(", ")}]`);
    }
    const bomb = await plan("lol", `${levels.join("\n")}\nconfig:\n  edge-fabric:site: *l8\n`);
    assert.equal(bomb.code, 1);
    assert.equal(bomb.err, `error: Pulumi.lol.yaml:2:10: the aliases (*name) expand to more than ${MAX_ALIAS_COUNT} nodes, as a "billion laughs" document does; write the values out instead of aliasing them`);
});

test("a stack file with a hundred thousand unknown keys reports each at its line, without overflowing", async () => {
    const keys = Array.from({ length: 100_000 }, (_, i) => `      typo${i}: ${i}`).join("\n");
    const sample = readFileSync(join(repo, "Pulumi.dev.yaml"), "utf8").replace("    archive:\n", `    archive:\n${keys}\n`);
    const dir = project("big", sample);
    const out: string[] = [];
    const err: string[] = [];
    const code = await run(["plan", "--stack", "big", "--dir", dir, "--out", join(dir, "out")], { out: (l) => out.push(l), err: (l) => err.push(l) });
    assert.equal(code, 1);
    assert.equal(err.length, 100_001);
    const first = sample.split("\n").findIndex((l) => l === "      typo0: 0") + 1;
    assert.match(err[0], new RegExp(`^Pulumi\\.big\\.yaml:${first}:14: edge-fabric:site\\.archive\\.typo0: unknown key \\(known: .*redundancy`));
    assert.match(err[99_999], new RegExp(`^Pulumi\\.big\\.yaml:${first + 99_999}:\\d+: edge-fabric:site\\.archive\\.typo99999: unknown key`));
    assert.equal(err[100_000], "error: 100000 config problems in Pulumi.big.yaml; nothing was planned");
});

test("plan --out onto a file, under a file or into a folder that cannot be written: refused before planning", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ef-out-"));
    writeFileSync(join(dir, "taken"), "a file\n");
    const onFile = await cli(["plan", "--dir", repo, "--out", join(dir, "taken")]);
    assert.equal(onFile.code, 1);
    assert.equal(onFile.err, `error: --out ${join(dir, "taken")}: cannot create the folder (a file is in the way where a folder is needed); pass a folder you can write to`);
    const underFile = await cli(["plan", "--dir", repo, "--out", join(dir, "taken", "plan")]);
    assert.equal(underFile.code, 1);
    assert.match(underFile.err, /^error: --out .*taken\/plan: cannot create the folder \(a file is in the way where a folder is needed\)/);
    assert.equal(readFileSync(join(dir, "taken"), "utf8"), "a file\n");
});

// Root writes through folder permissions; Linux's sysfs refuses even root a new folder.
const rootOnLinux = process.getuid?.() === 0 && existsSync("/sys/kernel");
test("plan --out into a folder that cannot be written names the folder and the reason", { skip: process.getuid?.() === 0 && !rootOnLinux ? "root writes through folder permissions" : false }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "ef-out-ro-"));
    chmodSync(dir, 0o555);
    const target = rootOnLinux ? "/sys/edge-fabric-plan" : join(dir, "plan");
    const res = await cli(["plan", "--dir", repo, "--out", target]);
    assert.equal(res.code, 1);
    assert.equal(res.err, `error: --out ${target}: cannot create the folder (permission denied); pass a folder you can write to`);
});

test("kql check: a folder named x.kql is walked like any folder; a script that is not UTF-8 is refused with its byte offset", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ef-kql-"));
    mkdirSync(join(dir, "more.kql"));
    writeFileSync(join(dir, "more.kql", "t.kql"), ".create-merge table T (a: string)\n");
    const folder = await cli(["kql", "check", dir]);
    assert.equal(folder.code, 0, folder.err);

    writeFileSync(join(dir, "u.kql"), Buffer.concat([Buffer.from(".create-merge table U (a: string) // caf"), Buffer.from([0xe9]), Buffer.from("\n")]));
    const latin1 = await cli(["kql", "check", dir]);
    assert.equal(latin1.code, 1);
    assert.equal(latin1.err, `error: ${join(dir, "u.kql")}: byte 0xe9 at byte offset 40 (line 1) is not UTF-8; save the file as UTF-8 text`);
    // An overlong encoding of "/" (0xC0 0xAF) is not UTF-8 either (RFC 3629, section 10).
    writeFileSync(join(dir, "u.kql"), Buffer.from([0x2f, 0x2f, 0x20, 0xc0, 0xaf, 0x0a]));
    assert.match((await cli(["kql", "check", dir])).err, /u\.kql: byte 0xc0 at byte offset 3 \(line 1\) is not UTF-8/);
});
