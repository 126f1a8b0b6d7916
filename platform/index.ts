/**
 * Pulumi program entry of the platform project (`main: index.ts` in this folder's Pulumi.yaml). The
 * exported outputs are the platform contract the site stacks read with `{ stackOutput }`.
 */
import { runPlatform } from "../stacks/platform";

export = runPlatform();
