/**
 * Runs `fn` with environment variables set (undefined: unset) and puts every one back as it was
 * afterwards, also when `fn` throws, so that no test leaks a token into the tests after it.
 */
export async function withEnv<T>(vars: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
    const saved = Object.fromEntries(Object.keys(vars).map((name) => [name, process.env[name]]));
    const set = (values: Record<string, string | undefined>) => {
        for (const [name, v] of Object.entries(values)) {
            if (v === undefined) {
                delete process.env[name];
            } else {
                process.env[name] = v;
            }
        }
    };
    set(vars);
    try {
        return await fn();
    } finally {
        set(saved);
    }
}
