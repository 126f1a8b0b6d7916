/** The validation entry points: a whole stack's config, the site value alone, or parse-or-throw. */
import { CONFIG_NAMESPACE, GITOPS_CREDENTIAL_KEY, KNOWN_KEYS, KUBECONFIG_KEY, SITE_KEY } from "./keys";
import { didYouMean, formatProblem, toProblems, type ConfigProblem } from "./messages";
import { siteSchema } from "./schema";
import type { SiteConfig } from "./site";

export type ValidationResult = { ok: true; site: SiteConfig } | { ok: false; problems: ConfigProblem[] };

/**
 * Validates a stack's config, keyed as Pulumi keys it (`edge-fabric:site`, `azure-native:location`).
 * Keys of other namespaces belong to providers and are left alone. `fromStackFile`: the config was
 * read from a `Pulumi.<stack>.yaml`, where a secret must be `{ secure: ... }`, never plain text.
 */
export function validateStackConfig(config: Record<string, unknown>, options: { fromStackFile?: boolean } = {}): ValidationResult {
    const problems: ConfigProblem[] = [];
    for (const key of Object.keys(config)) {
        if (key.startsWith(`${CONFIG_NAMESPACE}:`) && !KNOWN_KEYS.includes(key)) {
            problems.push({ key, path: [], message: `unknown config key${didYouMean(key, KNOWN_KEYS)}` });
        }
    }
    if (!(SITE_KEY in config)) {
        problems.push({ key: SITE_KEY, path: [], message: "is required (the site's structured config; see Pulumi.dev.yaml)" });
        return { ok: false, problems };
    }
    const parsed = validateSite(config[SITE_KEY]);
    if (!parsed.ok) {
        problems.push(...parsed.problems);
    }
    const kubeconfig = config[KUBECONFIG_KEY];
    const cold = parsed.ok ? parsed.site.edge.cold : undefined;
    if (cold?.enabled && cold.delivery.mode === "direct" && kubeconfig === undefined) {
        problems.push({ key: KUBECONFIG_KEY, path: [], message: "is required when edge.cold.enabled is true with direct delivery (pulumi config set --secret kubeconfig < kubeconfig.yaml), or deliver by GitOps (edge.cold.delivery.mode: gitops)" });
    }
    const credential = config[GITOPS_CREDENTIAL_KEY];
    const auth = cold?.enabled && cold.delivery.mode === "gitops" ? cold.delivery.repository.auth.type : undefined;
    if (auth === "https" && credential === undefined) {
        problems.push({ key: GITOPS_CREDENTIAL_KEY, path: [], message: "is required with edge.cold.delivery.repository.auth.type https: the token (pulumi config set --secret gitopsCredential)" });
    }
    if (parsed.ok && credential !== undefined && auth !== "https" && auth !== "ssh") {
        problems.push({ key: GITOPS_CREDENTIAL_KEY, path: [], message: "is only read by GitOps delivery with https or ssh auth (edge.cold.delivery.repository.auth); remove it" });
    }
    for (const [key, value, command] of [
        [KUBECONFIG_KEY, kubeconfig, "kubeconfig < kubeconfig.yaml"],
        [GITOPS_CREDENTIAL_KEY, credential, "gitopsCredential"],
    ] as const) {
        if (value !== undefined && !(isSecureValue(value) && (typeof value !== "string" || !options.fromStackFile))) {
            problems.push({ key, path: [], message: `must be a secret: set it with pulumi config set --secret ${command}` });
        }
    }
    return problems.length === 0 && parsed.ok ? parsed : { ok: false, problems };
}

/**
 * How a stack file holds a secret: `{ secure: <ciphertext> }`. The program sees decrypted strings
 * (and asks Pulumi whether the key is secret), so a plain string passes there.
 */
export type SecureValue = { secure: string } | string;

function isSecureValue(value: unknown): value is SecureValue {
    return typeof value === "string" || (value !== null && typeof value === "object" && Object.keys(value).join() === "secure" && typeof (value as { secure: unknown }).secure === "string");
}

/** Validates the value of `edge-fabric:site`. */
export function validateSite(value: unknown): ValidationResult {
    const result = siteSchema.safeParse(value, { reportInput: true });
    if (result.success) {
        return { ok: true, site: result.data };
    }
    const problems = result.error.issues.flatMap((issue) => toProblems(issue, value, siteSchema));
    return { ok: false, problems };
}

/** Validates or throws one Error listing every problem (what the Pulumi program does). */
export function parseSite(value: unknown): SiteConfig {
    const result = validateSite(value);
    if (!result.ok) {
        throw new ConfigError(result.problems);
    }
    return result.site;
}

/** Thrown by the program on invalid config: its message lists every problem, one per line. */
export class ConfigError extends Error {
    constructor(readonly problems: ConfigProblem[]) {
        super(`invalid site config (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.map(formatProblem).join("\n")}`);
        this.name = "ConfigError";
    }
}
