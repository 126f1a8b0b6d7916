/**
 * The site config schema: what one `Pulumi.<site>.yaml` may say, its defaults and its rules.
 *
 * Pure logic (no Pulumi, no I/O) so the program, `edge-fabric plan` and the tests share one
 * validator. Every problem is reported at once, each as `edge-fabric:site.PATH: RULE`; an unknown
 * key is an error with a did-you-mean, because a typo that silently falls back to a default is the
 * kind of mistake that reaches production unnoticed.
 */
export { CONFIG_NAMESPACE, FLEET_KEY, GITOPS_CREDENTIAL_KEY, KUBECONFIG_KEY, KUSTO_TOKEN_KEY, SITE_KEY } from "./keys";
export { assetName, type DeliveryConfig, type GitOpsConfig } from "./edge";
export { type ExistingId, type SiteConfig, type SiteConfigInput } from "./site";
export { siteSchema } from "./schema";
export { didYouMean } from "../../components/validation";
export { INVALID_CONFIG, parseSite, parseStackConfig, validateSite, validateStackConfig, type SecureValue, type StackConfigOptions } from "./validate";
