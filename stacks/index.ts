/**
 * Pulumi program entry (`main: stacks/` in Pulumi.yaml): one site per stack, from `Pulumi.<site>.yaml`.
 * The exported promise's value becomes the stack outputs.
 */
import { siteProgram } from "./site";

export = siteProgram().then((p) => p.outputs);
