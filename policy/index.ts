/**
 * Entry point of the policy pack: `pulumi preview --policy-pack policy`. Constructing the pack
 * starts the policy server the CLI connects to, so this file only does that; the policies live in
 * `policies.ts`, where the tests reach them.
 */
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

new PolicyPack("edge-fabric", {
    description: "edge-fabric site guardrails: Entra ID only, TLS 1.2, private by default, archive lifecycle, DR pairing.",
    enforcementLevel: "mandatory",
    policies,
});
