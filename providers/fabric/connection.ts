/**
 * Fabric cloud connections (`specs/fabric/platform/swagger.json`, `Connections_*`; bodies in
 * `specs/fabric/platform/definitions/connections.json`): `POST /connections` answers 201 with the
 * `Connection`, `PATCH /connections/{id}` renames it or replaces its credentials, `DELETE` removes
 * it. What a connection connects to (`connectionDetails`) cannot be patched, so a change there is a
 * replacement.
 *
 * The credential is the only secret edge-fabric hands to Fabric (an Event Hubs SAS key for an
 * Eventstream source, which authenticates with a Shared Access Key only:
 * https://learn.microsoft.com/fabric/real-time-intelligence/event-streams/add-source-azure-event-hubs).
 * It never reaches the outputs: state keeps a SHA-256 fingerprint of it, so a rotated key is seen as
 * a change and patched in place, and the input itself is wrapped in `pulumi.secret` by
 * `FabricConnection`, so the engine stores it encrypted.
 *
 * Resource and import id: the connection id. An imported connection has no fingerprint, so its next
 * update sends the declared credential once.
 */
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_FABRIC_API, clientForInputs } from "./client";
import type { FabricClientInputs } from "./client";
import type { FabricClientOptions } from "./client-options";
import { FabricApiError, unlessNotFound } from "./errors";
import { redactError } from "../redact";
import { GUID } from "../../kusto/text";
import type { FabricResourceProvider } from "./items";

/** `CredentialType` values a connection created here can carry (the secret-bearing ones). */
export type ConnectionCredentialType = "Basic" | "Key" | "SharedAccessSignature";
/** `PrivacyLevel` of `connections.json`. */
export type ConnectionPrivacyLevel = "None" | "Private" | "Organizational" | "Public";

export interface ConnectionInputs extends FabricClientInputs {
    /** Fabric REST base URL. Default `https://api.fabric.microsoft.com/v1`. */
    apiBaseUrl: string;
    /** Unique in the tenant, at most 200 characters. */
    displayName: string;
    /** `connectionDetails.type`, e.g. `EventHub`. */
    connectionType: string;
    /** `connectionDetails.creationMethod` (`GET /connections/supportedConnectionTypes` lists them). */
    creationMethod: string;
    /** `connectionDetails.parameters`, all of data type `Text`. */
    parameters: { name: string; value: string }[];
    credentialType: ConnectionCredentialType;
    /** Basic only: the user name (for an Event Hubs SAS rule, the rule's name). */
    username?: string;
    /** The password (Basic), key (Key) or token (SharedAccessSignature). Never written to the outputs. */
    secret: string;
    /** Default `Organizational` (the service default). */
    privacyLevel: ConnectionPrivacyLevel;
    /** Skip Fabric's test connection on create and update. Default false; true where Fabric cannot reach the target yet (a private endpoint awaiting approval). */
    skipTestConnection: boolean;
}

/** What state keeps: the inputs without the secret, plus its fingerprint. */
export interface ConnectionOutputs extends Omit<ConnectionInputs, "secret"> {
    connectionId: string;
    /** SHA-256 of the credential type, user name and secret: detects a rotated key without storing it. */
    credentialFingerprint: string;
}

/** `Connection` as the API returns it (no credential comes back). */
interface ConnectionBody {
    id: string;
    displayName?: string;
    connectivityType?: string;
    connectionDetails?: { type?: string; path?: string };
    privacyLevel?: ConnectionPrivacyLevel;
    credentialDetails?: { credentialType?: string; skipTestConnection?: boolean };
}

const CREDENTIAL_TYPES: readonly ConnectionCredentialType[] = ["Basic", "Key", "SharedAccessSignature"];
const PRIVACY_LEVELS: readonly ConnectionPrivacyLevel[] = ["None", "Private", "Organizational", "Public"];
/** Inputs that live in `connectionDetails`, which `PATCH` cannot change. */
const REPLACE_KEYS = ["connectionType", "creationMethod", "parameters"] as const;

function defaults(inputs: ConnectionInputs): ConnectionInputs {
    return { ...inputs, apiBaseUrl: inputs.apiBaseUrl || DEFAULT_FABRIC_API, privacyLevel: inputs.privacyLevel ?? "Organizational", skipTestConnection: inputs.skipTestConnection ?? false };
}

/** SHA-256 over what the credential is made of; the secret itself is not recoverable from it. */
export function credentialFingerprint(inputs: Pick<ConnectionInputs, "credentialType" | "username" | "secret">): string {
    return createHash("sha256").update(JSON.stringify([inputs.credentialType, inputs.username ?? "", inputs.secret])).digest("hex");
}

/** Problems with connection inputs as `{ property, reason }`; empty when valid. Pure; never quotes the secret. */
export function validateConnection(inputs: ConnectionInputs): { property: string; reason: string }[] {
    const failures: { property: string; reason: string }[] = [];
    if (!inputs.displayName || inputs.displayName.length > 200) {
        failures.push({ property: "displayName", reason: "must be 1 to 200 characters" });
    }
    for (const key of ["connectionType", "creationMethod"] as const) {
        if (!inputs[key]) {
            failures.push({ property: key, reason: "must not be empty (GET /v1/connections/supportedConnectionTypes lists the valid ones)" });
        }
    }
    (inputs.parameters ?? []).forEach((p, i) => {
        if (!p.name || typeof p.value !== "string") {
            failures.push({ property: `parameters[${i}]`, reason: "needs a name and a text value" });
        }
    });
    if (!CREDENTIAL_TYPES.includes(inputs.credentialType)) {
        failures.push({ property: "credentialType", reason: `must be one of ${CREDENTIAL_TYPES.join(", ")}, got "${String(inputs.credentialType)}"` });
    }
    if (inputs.credentialType === "Basic" && !inputs.username) {
        failures.push({ property: "username", reason: "is required with credentialType Basic" });
    }
    if (!inputs.secret) {
        failures.push({ property: "secret", reason: "must not be empty" });
    }
    if (!PRIVACY_LEVELS.includes(inputs.privacyLevel)) {
        failures.push({ property: "privacyLevel", reason: `must be one of ${PRIVACY_LEVELS.join(", ")}, got "${String(inputs.privacyLevel)}"` });
    }
    return failures;
}

/** `Credentials` of `connections.json` for the declared type. */
function credentials(inputs: ConnectionInputs): Record<string, string> {
    switch (inputs.credentialType) {
        case "Basic":
            return { credentialType: "Basic", username: inputs.username ?? "", password: inputs.secret };
        case "Key":
            return { credentialType: "Key", key: inputs.secret };
        case "SharedAccessSignature":
            return { credentialType: "SharedAccessSignature", token: inputs.secret };
    }
}

function credentialDetails(inputs: ConnectionInputs): Record<string, unknown> {
    return { singleSignOnType: "None", connectionEncryption: "NotEncrypted", skipTestConnection: inputs.skipTestConnection, credentials: credentials(inputs) };
}

function outputsOf(inputs: ConnectionInputs, connectionId: string, fingerprint = credentialFingerprint(inputs)): ConnectionOutputs {
    // The secret is dropped here, the one place outputs are built.
    const outs: ConnectionOutputs & { secret?: string } = { ...inputs, connectionId, credentialFingerprint: fingerprint };
    delete outs.secret;
    return outs;
}

function same(a: unknown, b: unknown): boolean {
    return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/**
 * A failed connection call with the fix the caller can make, and never the credential: the request body
 * holds it, and a server (or a proxy) may echo that body in its error, so the key itself is redacted too.
 */
function withConnectionHint(err: unknown, inputs: ConnectionInputs): unknown {
    return redactError(hinted(err, inputs), [inputs.secret]);
}

function hinted(err: unknown, inputs: ConnectionInputs): unknown {
    if (!(err instanceof FabricApiError)) {
        return err;
    }
    switch (err.errorCode) {
        case "DuplicateConnectionName":
            return err.withHint(`Connection names are unique in the tenant: choose another displayName than "${inputs.displayName}", or import the existing connection with its id.`);
        case "InvalidConnectionDetails":
            return err.withHint(`Fabric does not accept connection type "${inputs.connectionType}" with creation method "${inputs.creationMethod}" and parameters ${inputs.parameters.map((p) => p.name).join(", ")}; GET /v1/connections/supportedConnectionTypes lists what it takes.`);
        case "IncorrectCredentials":
        case "InvalidCredentialDetails":
            return err.withHint("Fabric tested the connection and the credential did not work: check the key (rotated? wrong rule?) and that Fabric can reach the target; set skipTestConnection while a private endpoint awaits approval.");
        default:
            return err;
    }
}

/** The connection dynamic provider; `options` configure its Fabric client (token, delays, stats). */
export function connectionProvider(options: Omit<FabricClientOptions, "baseUrl"> = {}): FabricResourceProvider<ConnectionInputs, ConnectionOutputs> {
    const clientFor = (inputs: FabricClientInputs) => clientForInputs(options, inputs);
    const path = (id: string) => {
        if (!GUID.test(id)) {
            throw new Error(`Fabric connection id "${id}" is not a GUID; import an existing connection with its id`);
        }
        return `/connections/${id}`;
    };

    return {
        check(_olds, news) {
            const inputs = defaults(news);
            return Promise.resolve({ inputs, failures: validateConnection(inputs) });
        },

        diff(_id, olds, news) {
            const inputs = defaults(news);
            const replaces = REPLACE_KEYS.filter((k) => !same(olds[k], inputs[k]));
            const updatable = (["displayName", "privacyLevel", "skipTestConnection", "credentialType", "username"] as const).some((k) => !same(olds[k], inputs[k]));
            const rotated = olds.credentialFingerprint !== credentialFingerprint(inputs);
            // A connection name is unique in the tenant: a same-named replacement must delete first.
            return Promise.resolve({ changes: replaces.length > 0 || updatable || rotated, replaces: [...replaces], deleteBeforeReplace: replaces.length > 0 && olds.displayName === inputs.displayName });
        },

        async create(raw) {
            const inputs = defaults(raw);
            const client = clientFor(inputs);
            let created: ConnectionBody | undefined;
            try {
                created = (
                    await client.post<ConnectionBody>("/connections", {
                        connectivityType: "ShareableCloud",
                        displayName: inputs.displayName,
                        connectionDetails: { type: inputs.connectionType, creationMethod: inputs.creationMethod, parameters: inputs.parameters.map((p) => ({ dataType: "Text", name: p.name, value: p.value })) },
                        privacyLevel: inputs.privacyLevel,
                        credentialDetails: credentialDetails(inputs),
                    })
                ).body;
            } catch (err) {
                throw withConnectionHint(err, inputs);
            }
            if (!created?.id) {
                throw new Error(`Fabric API POST ${client.baseUrl}/connections returned no connection id`);
            }
            return { id: created.id, outs: outputsOf(inputs, created.id) };
        },

        async read(id, props) {
            const live = await unlessNotFound(clientFor(props ?? {}).get<ConnectionBody>(path(id)));
            if (!live) {
                return {};
            }
            // The service never returns the credential or the creation parameters: those stay as last applied.
            const outs: ConnectionOutputs = {
                apiBaseUrl: props?.apiBaseUrl ?? DEFAULT_FABRIC_API,
                displayName: live.displayName ?? props?.displayName ?? "",
                connectionType: live.connectionDetails?.type ?? props?.connectionType ?? "",
                creationMethod: props?.creationMethod ?? "",
                parameters: props?.parameters ?? [],
                credentialType: (live.credentialDetails?.credentialType as ConnectionCredentialType | undefined) ?? props?.credentialType ?? "Basic",
                username: props?.username,
                privacyLevel: live.privacyLevel ?? props?.privacyLevel ?? "Organizational",
                skipTestConnection: live.credentialDetails?.skipTestConnection ?? props?.skipTestConnection ?? false,
                connectionId: id,
                credentialFingerprint: props?.credentialFingerprint ?? "",
            };
            return { id, props: outs };
        },

        async update(id, olds, raw) {
            const news = defaults(raw);
            const body: Record<string, unknown> = { connectivityType: "ShareableCloud" };
            if (olds.displayName !== news.displayName) {
                body.displayName = news.displayName;
            }
            if (olds.privacyLevel !== news.privacyLevel) {
                body.privacyLevel = news.privacyLevel;
            }
            const fingerprint = credentialFingerprint(news);
            if (fingerprint !== olds.credentialFingerprint || olds.skipTestConnection !== news.skipTestConnection || olds.credentialType !== news.credentialType || olds.username !== news.username) {
                body.credentialDetails = credentialDetails(news);
            }
            try {
                await clientFor(news).patch(path(id), body);
            } catch (err) {
                throw withConnectionHint(err, news);
            }
            return { outs: outputsOf(news, id, fingerprint) };
        },

        async delete(id, props) {
            await unlessNotFound(clientFor(props).delete(path(id)));
        },
    };
}

const defaultProvider = connectionProvider();

export interface FabricConnectionArgs {
    /** Unique in the tenant, at most 200 characters. */
    displayName: pulumi.Input<string>;
    /** `connectionDetails.type`, e.g. `EventHub`. */
    connectionType: pulumi.Input<string>;
    /** `connectionDetails.creationMethod`, e.g. `EventHub.Contents`. */
    creationMethod: pulumi.Input<string>;
    /** Text parameters of the creation method. */
    parameters: pulumi.Input<pulumi.Input<{ name: pulumi.Input<string>; value: pulumi.Input<string> }>[]>;
    credentialType: pulumi.Input<ConnectionCredentialType>;
    /** Basic only: the user name. */
    username?: pulumi.Input<string>;
    /** The password, key or token; always stored as a Pulumi secret and never in the outputs. */
    secret: pulumi.Input<string>;
    /** Default `Organizational`. */
    privacyLevel?: pulumi.Input<ConnectionPrivacyLevel>;
    /** Default false. */
    skipTestConnection?: pulumi.Input<boolean>;
    /** Default `https://api.fabric.microsoft.com/v1`. */
    apiBaseUrl?: pulumi.Input<string>;
}

/** The resource inputs of a `FabricConnection`: the secret wrapped so the engine encrypts it in state. */
export function connectionResourceInputs(args: FabricConnectionArgs): Record<string, unknown> {
    return { apiBaseUrl: undefined, privacyLevel: "Organizational", skipTestConnection: false, username: undefined, ...args, secret: pulumi.secret(args.secret), connectionId: undefined, credentialFingerprint: undefined };
}

/** A shareable Fabric cloud connection. Type token `pulumi-nodejs:dynamic/fabric:Connection`; import id: the connection id. */
export class FabricConnection extends pulumi.dynamic.Resource {
    declare readonly connectionId: pulumi.Output<string>;

    constructor(name: string, args: FabricConnectionArgs, opts?: pulumi.CustomResourceOptions) {
        super(defaultProvider, name, connectionResourceInputs(args), opts, "fabric", "Connection");
    }
}
