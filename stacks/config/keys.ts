/** The `edge-fabric:` config keys a site stack reads. */
/** The config namespace (the Pulumi project name) and the one structured key it holds. */
export const CONFIG_NAMESPACE = "edge-fabric";
export const SITE_KEY = `${CONFIG_NAMESPACE}:site`;
/** Kubeconfig of the site's Arc cluster, a secret (`pulumi config set --secret kubeconfig`); needed by the cold path's edge volume. */
export const KUBECONFIG_KEY = `${CONFIG_NAMESPACE}:kubeconfig`;

/**
 * The Git credential of GitOps delivery, a secret (`pulumi config set --secret gitopsCredential`):
 * the token of `https` auth, or the SSH private key of `ssh` auth (optional there).
 */
export const GITOPS_CREDENTIAL_KEY = `${CONFIG_NAMESPACE}:gitopsCredential`;

/** The fleet's own key in a site's stack file (ring, tags), read by `edge-fabric fleet`. */
export const FLEET_KEY = `${CONFIG_NAMESPACE}:fleet`;
/** The Kusto bearer token the schema provider reads, a secret (`pulumi config set --secret kustoToken`). */
export const KUSTO_TOKEN_KEY = `${CONFIG_NAMESPACE}:kustoToken`;

/** Keys of the `edge-fabric:` namespace a site's stack file may hold; any other is a typo. */
export const KNOWN_KEYS = [SITE_KEY, KUBECONFIG_KEY, GITOPS_CREDENTIAL_KEY, FLEET_KEY, KUSTO_TOKEN_KEY];
