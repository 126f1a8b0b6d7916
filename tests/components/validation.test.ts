import { test } from "node:test";
import assert from "node:assert/strict";
import { Problems, ValidationError, joinPath } from "../../components/validation";

test("joinPath: dots between names, brackets for indexes, empty parts add nothing", () => {
    assert.equal(joinPath("alerts", "rules", 0, "above"), "alerts.rules[0].above");
    assert.equal(joinPath("", "rules", 1), "rules[1]");
    assert.equal(joinPath("edge-fabric:site", ""), "edge-fabric:site");
});

test("one problem is one line; several are a list; a problem without a path is its message", () => {
    assert.equal(new ValidationError("EdgeVolume", [{ path: "claimName", message: "is bad" }]).message, "EdgeVolume: claimName: is bad");
    assert.equal(
        new ValidationError("telemetry profile", [
            { path: "", message: "too much" },
            { path: "assets", message: "must be > 0" },
        ]).message,
        "telemetry profile: 2 problems:\n  - too much\n  - assets: must be > 0",
    );
});

test("the collector throws every problem at once, absorbing nested errors under their path", () => {
    const p = new Problems('ArchiveStorage "a"');
    p.require(true, "sku", "never recorded");
    p.integerIn(0, "days", 1, 7, "a limit");
    p.positive(-1, "rate");
    assert.equal(
        p.absorb("lifecycle", () => {
            throw new ValidationError("lifecycle policy", [{ path: "rules[0].days", message: "too short" }]);
        }),
        undefined,
    );
    assert.equal(p.absorb("x", () => 42), 42);
    assert.throws(() => p.absorb("x", () => { throw new TypeError("bug"); }), TypeError);
    assert.throws(
        () => p.throwIfAny(),
        (e: unknown) =>
            e instanceof ValidationError &&
            e.subject === 'ArchiveStorage "a"' &&
            e.problems.map((q) => q.path).join() === "days,rate,lifecycle.rules[0].days" &&
            e.problems[0].message === "must be an integer from 1 to 7 (a limit), got 0",
    );
    assert.deepEqual(new ValidationError("s", [{ path: "dashboard", message: "m" }]).under("edge-fabric:site").problems, [{ path: "edge-fabric:site.dashboard", message: "m" }]);
    new Problems("clean").throwIfAny();
});
