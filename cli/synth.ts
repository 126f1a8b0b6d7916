/**
 * Runs a Pulumi program in-process under Pulumi's mocks and records every resource it registers
 * (type, name, parent, inputs, dependencies, provider). The offline `plan` command and the component
 * tests share it, so what `plan` prints is exactly what the tests assert on.
 */
import * as pulumi from "@pulumi/pulumi";

/** One registered resource, as the engine would receive it. */
export interface RecordedResource {
    urn: string;
    type: string;
    name: string;
    /** URN of the parent resource; undefined for resources at the stack root. */
    parent?: string;
    custom: boolean;
    /** The inputs as serialized for the engine (secrets unwrapped by the mock monitor). */
    inputs: Record<string, unknown>;
    /** URNs this resource depends on (explicit `dependsOn` plus input dependencies). */
    dependencies: string[];
    /** URNs each top-level input's value came from. */
    propertyDependencies: Record<string, string[]>;
    /** Provider reference (`urn::id`) when an explicit provider was given. */
    provider?: string;
    /** The import id when the resource adopts an existing one. */
    importId?: string;
}

/** Answers a mocked provider function (`invoke`), e.g. `azure-native:authorization:getClientConfig`. */
export type InvokeMock = (token: string, inputs: Record<string, unknown>) => Record<string, unknown> | undefined;

export interface SynthOptions {
    project?: string;
    stack?: string;
    /** Extra mocked outputs per resource type (merged over the inputs). */
    outputs?: (type: string, name: string, inputs: Record<string, unknown>) => Record<string, unknown>;
    invoke?: InvokeMock;
    /** Stack config (`project:key` -> value, values JSON-encoded for objects). */
    config?: Record<string, string>;
    /** Keys of `config` that are secrets. */
    secretKeys?: string[];
}

interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getDependenciesList(): string[];
    getPropertydependenciesMap(): { forEach(fn: (deps: { getUrnsList(): string[] }, key: string) => void): void };
    getProvider(): string;
    getImportid(): string;
}

interface MonitorLike {
    registerResource(req: RegisterRequest, callback: (err: unknown, resp: { getUrn(): string } | undefined) => void): void;
}

/** What the mocked `getClientConfig` answers: the deployer as the plan sees it. */
export const MOCK_CLIENT_CONFIG = { clientId: "00000000-0000-0000-0000-0000000000c1", objectId: "00000000-0000-0000-0000-0000000000a1", subscriptionId: "00000000-0000-0000-0000-000000000001", tenantId: "00000000-0000-0000-0000-0000000000f1" };

/**
 * What the mocked `listEventHubKeys` answers: a placeholder of a real key's shape (base64 of 32 bytes), so
 * a test can prove it never reaches the plan's files or output (the site wraps it as a secret).
 */
export const MOCK_EVENT_HUB_KEY = Buffer.from("mock-listen-key-never-in-a-plan!").toString("base64");

const MOCK_INVOKES: Record<string, Record<string, unknown>> = {
    "azure-native:authorization:getClientConfig": MOCK_CLIENT_CONFIG,
    "azure-native:eventhub:listEventHubKeys": { keyName: "mock", primaryKey: MOCK_EVENT_HUB_KEY, secondaryKey: MOCK_EVENT_HUB_KEY },
};

const defaultInvoke: InvokeMock = (token) => MOCK_INVOKES[token];

/**
 * Runs `program` under mocks and resolves with every resource it registered, in registration order,
 * and the program's return value. Output values are resolved as in a `pulumi preview` of a new stack
 * would show them, with mock ids `<name>-id`.
 */
export async function synth<T>(program: () => T | Promise<T>, options: SynthOptions = {}): Promise<{ resources: RecordedResource[]; result: Awaited<T> }> {
    const byUrn = new Map<string, RecordedResource>();
    const pending = new Map<string, { inputs: Record<string, unknown>; custom: boolean }>();
    const stack = options.stack ?? "test";
    const project = options.project ?? "edge-fabric";
    await pulumi.runtime.setMocks(
        {
            newResource(args: pulumi.runtime.MockResourceArgs) {
                const inputs = (args.inputs ?? {}) as Record<string, unknown>;
                pending.set(`${args.type}::${args.name}`, { inputs, custom: args.custom ?? false });
                const extra = options.outputs?.(args.type, args.name, inputs) ?? {};
                // Every azure-native resource has a `name` output; left unset it would stay unknown and an
                // Output derived from it would never settle, so the resource's own name stands in for it.
                return { id: args.id || `${args.name}-id`, state: { name: args.name, ...inputs, ...extra } };
            },
            call(args: pulumi.runtime.MockCallArgs) {
                const answer = (options.invoke ?? defaultInvoke)(args.token, args.inputs as Record<string, unknown>) ?? defaultInvoke(args.token, args.inputs as Record<string, unknown>);
                if (!answer) {
                    throw new Error(`no mock for invoke ${args.token}`);
                }
                return answer;
            },
        },
        project,
        stack,
        true,
    );
    // After setMocks: Pulumi reads PULUMI_CONFIG once, so config must be set through the runtime.
    // Without `config`, whatever the caller set with setAllConfig stays.
    if (options.config) {
        pulumi.runtime.setAllConfig(options.config, options.secretKeys ?? []);
    }
    const monitor = pulumi.runtime.getMonitor() as unknown as MonitorLike;
    const register = monitor.registerResource.bind(monitor);
    let inflight = 0;
    let started = 0;
    monitor.registerResource = (req, callback) => {
        inflight++;
        started++;
        register(req, (err, resp) => {
            inflight--;
            if (!err && resp) {
                const key = `${req.getType()}::${req.getName()}`;
                const seen = pending.get(key);
                const urn = resp.getUrn();
                const propertyDependencies: Record<string, string[]> = {};
                req.getPropertydependenciesMap().forEach((deps, prop) => {
                    propertyDependencies[prop] = deps.getUrnsList();
                });
                byUrn.set(urn, {
                    urn,
                    type: req.getType(),
                    name: req.getName(),
                    parent: req.getParent() || undefined,
                    custom: req.getCustom(),
                    inputs: seen?.inputs ?? {},
                    dependencies: req.getDependenciesList(),
                    propertyDependencies,
                    provider: req.getProvider() || undefined,
                    importId: req.getImportid() || undefined,
                });
            }
            callback(err, resp);
        });
    };
    let result: Awaited<T>;
    try {
        result = await program();
    } finally {
        // Also when the program throws: the resources it registered before the throw are still in
        // flight, and their component outputs would otherwise reach the next run's mock monitor, which
        // never saw them ("unknown resource urn:…" as an unhandled rejection after the caller moved on).
        // Registrations made inside `apply` start only after earlier ones resolve, so wait until a full
        // turn of the event loop passes with nothing in flight and nothing new started.
        for (let seen = -1; inflight > 0 || seen !== started; ) {
            seen = started;
            await new Promise((resolve) => setTimeout(resolve, 1));
        }
        // disconnect() first drains the RPC queue, so every registration (also those made inside apply) is recorded.
        await pulumi.runtime.disconnect();
    }
    return { resources: [...byUrn.values()], result };
}
