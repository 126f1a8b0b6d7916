/**
 * The validation entry points, in the shape of every `validate*` of the project: `validate*` returns
 * every problem (empty when valid), `parse*` returns the parsed value or throws one `ValidationError`
 * listing them. Each problem's path is its config path (`edge-fabric:site.eventHubs.partitions`).
 */
import { eventstreamSourceByDefault, exportByDefault } from "../../components/site-defaults";
import { didYouMean, joinPath, ValidationError, type Problem } from "../../components/validation";
import { CONFIG_NAMESPACE, GITOPS_CREDENTIAL_KEY, KNOWN_KEYS, KUBECONFIG_KEY, KUSTO_TOKEN_KEY, SITE_KEY } from "./keys";
import { toProblems } from "./messages";
import { siteSchema } from "./schema";
import type { SiteConfig } from "./site";

/** The subject of a config `ValidationError`. */
export const INVALID_CONFIG = "invalid site config";

/** The one key of a secret's value in a stack file (https://www.pulumi.com/docs/iac/concepts/secrets/). */
const SECURE = "secure";

/** How a stack's config is read: `fromStackFile`, from a `Pulumi.<stack>.yaml`, where a secret must be `{ secure: ... }`, never plain text. */
export interface StackConfigOptions {
    fromStackFile?: boolean;
}

/**
 * Every problem of a stack's config, keyed as Pulumi keys it (`edge-fabric:site`, `azure-native:location`).
 * Keys of other namespaces belong to providers and are left alone.
 */
export function validateStackConfig(config: Record<string, unknown>, options: StackConfigOptions = {}): Problem[] {
    return checkStackConfig(config, options).problems;
}

/** The site of a stack's config, or one `ValidationError` listing every problem of the config. */
export function parseStackConfig(config: Record<string, unknown>, options: StackConfigOptions = {}): SiteConfig {
    return orThrow(checkStackConfig(config, options));
}

function checkStackConfig(config: Record<string, unknown>, options: StackConfigOptions): Checked {
    let problems: Problem[] = [];
    for (const key of Object.keys(config)) {
        if (key.startsWith(`${CONFIG_NAMESPACE}:`) && !KNOWN_KEYS.includes(key)) {
            problems.push({ path: key, message: `unknown config key${didYouMean(key, KNOWN_KEYS)}` });
        }
    }
    if (!(SITE_KEY in config)) {
        problems.push({ path: SITE_KEY, message: "is required (the site's structured config; see Pulumi.dev.yaml)" });
        return { problems };
    }
    const parsed = checkSite(config[SITE_KEY]);
    // concat, not push(...): a file with 100 000 unknown keys must not overflow the call stack.
    problems = problems.concat(parsed.problems);
    const kubeconfig = config[KUBECONFIG_KEY];
    const cold = parsed.site?.edge.cold;
    if (cold?.enabled && cold.delivery.mode === "direct" && kubeconfig === undefined) {
        problems.push({ path: KUBECONFIG_KEY, message: "is required when edge.cold.enabled is true with direct delivery (pulumi config set --secret kubeconfig < kubeconfig.yaml), or deliver by GitOps (edge.cold.delivery.mode: gitops)" });
    }
    const credential = config[GITOPS_CREDENTIAL_KEY];
    const auth = cold?.enabled && cold.delivery.mode === "gitops" ? cold.delivery.repository.auth.type : undefined;
    if (auth === "https" && credential === undefined) {
        problems.push({ path: GITOPS_CREDENTIAL_KEY, message: "is required with edge.cold.delivery.repository.auth.type https: the token (pulumi config set --secret gitopsCredential)" });
    }
    if (parsed.site && credential !== undefined && auth !== "https" && auth !== "ssh") {
        problems.push({ path: GITOPS_CREDENTIAL_KEY, message: "is only read by GitOps delivery with https or ssh auth (edge.cold.delivery.repository.auth); remove it" });
    }
    for (const [key, value, command] of [
        [KUBECONFIG_KEY, kubeconfig, "kubeconfig < kubeconfig.yaml"],
        [GITOPS_CREDENTIAL_KEY, credential, "gitopsCredential"],
        [KUSTO_TOKEN_KEY, config[KUSTO_TOKEN_KEY], "kustoToken <token>"],
    ] as const) {
        if (value !== undefined && !(isSecureValue(value) && (typeof value !== "string" || !options.fromStackFile))) {
            problems.push(secretProblem(key, value, `set it with pulumi config set --secret ${command}`));
        }
    }
    return { site: parsed.site, problems };
}

/** A secret written wrongly: a misspelt `secure:` key is named with its fix, anything else told to be a secret. */
function secretProblem(key: string, value: unknown, fix: string): Problem {
    const other = value !== null && typeof value === "object" && !Array.isArray(value) ? Object.keys(value).find((k) => k !== SECURE) : undefined;
    if (other !== undefined) {
        return { path: joinPath(key, other), message: `unknown key${didYouMean(other, [SECURE])}: a secret in a stack file is { ${SECURE}: <ciphertext> }; ${fix}` };
    }
    return { path: key, message: `must be a secret: ${fix}` };
}


/**
 * How a stack file holds a secret: `{ secure: <ciphertext> }`. The program sees decrypted strings
 * (and asks Pulumi whether the key is secret), so a plain string passes there.
 */
export type SecureValue = { secure: string } | string;

function isSecureValue(value: unknown): value is SecureValue {
    return typeof value === "string" || (value !== null && typeof value === "object" && Object.keys(value).join() === SECURE && typeof (value as { secure: unknown }).secure === "string");
}

/** Every problem of the value of `edge-fabric:site`. */
export function validateSite(value: unknown): Problem[] {
    return checkSite(value).problems;
}

/** The site config `value` stands for, or one `ValidationError` listing every problem. */
export function parseSite(value: unknown): SiteConfig {
    return orThrow(checkSite(value));
}

function orThrow({ site, problems }: Checked): SiteConfig {
    if (site === undefined || problems.length > 0) {
        throw new ValidationError(INVALID_CONFIG, problems);
    }
    return site;
}

/** The parsed site (when the schema accepted it) and every problem found. */
interface Checked {
    site?: SiteConfig;
    problems: Problem[];
}

function checkSite(value: unknown): Checked {
    const result = siteSchema.safeParse(value, { reportInput: true });
    if (result.success) {
        const site = result.data;
        // A default that depends on other sections, filled as the library fills it.
        site.archive.export.enabled ??= exportByDefault(site);
        if (site.serving.kind === "eventhouse") {
            site.serving.eventstreamSource ??= eventstreamSourceByDefault(site.serving);
        }
        return { site, problems: [] };
    }
    return { problems: result.error.issues.flatMap((issue) => toProblems(issue, value, siteSchema)) };
}
