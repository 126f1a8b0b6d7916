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

/** Keys of the `edge-fabric:` namespace this program reads; any other is a typo. */
export const KNOWN_KEYS = [SITE_KEY, KUBECONFIG_KEY, GITOPS_CREDENTIAL_KEY];
