/** The public sources the hop rules rest on (Learn pages), one constant each so every rule cites one. */
export const SOURCES = {
    /** AIO Kafka endpoint to Event Hubs: port 9093, managed identity, "Azure Event Hubs Data Sender" on the hub or namespace. */
    aioKafka: "https://learn.microsoft.com/azure/iot-operations/connect-to-cloud/howto-configure-kafka-endpoint",
    /** Dataflow mapping: `$metadata.topic` as an input copies the source topic into an output field. */
    dataflowMapping: "https://learn.microsoft.com/azure/iot-operations/connect-to-cloud/concept-dataflow-mapping",
    /** "By design, Event Hubs doesn't promote the Kafka message key to be the Event Hubs partition key nor the reverse." */
    kafkaKey: "https://learn.microsoft.com/azure/developer/java/sdk/troubleshooting-messaging-event-hubs-producer",
    /** Event Hubs data-plane roles (Data Sender, Data Receiver) and their scopes. */
    eventHubsRbac: "https://learn.microsoft.com/azure/event-hubs/authorize-access-azure-active-directory",
    /** ADX Event Hubs data connection: managed identity with Data Receiver, the closed set of system properties it embeds. */
    adxEventHubs: "https://learn.microsoft.com/azure/data-explorer/ingest-data-event-hub-overview",
    /** Eventstream's Azure Event Hubs source: a Fabric cloud connection and a consumer group. */
    eventstreamEventHubs: "https://learn.microsoft.com/fabric/real-time-intelligence/event-streams/add-source-azure-event-hubs",
    /** Capture: the enabling principal needs containers/write and blobs/write at the storage account scope. */
    captureDeployer: "https://learn.microsoft.com/azure/event-hubs/event-hubs-capture-overview#azure-storage-account-as-a-destination",
    /** Capture with a managed identity: the namespace identity needs Storage Blob Data Contributor on the account. */
    captureIdentity: "https://learn.microsoft.com/azure/event-hubs/event-hubs-capture-managed-identity",
    /** ACSA cloud ingest: the extension identity is Storage Blob Data Owner on the account. */
    acsaIdentity: "https://learn.microsoft.com/azure/azure-arc/container-storage/howto-configure-cloud-ingest-subvolumes",
    /** Archive tier: blobs are offline and must be rehydrated before they can be read. */
    archiveTier: "https://learn.microsoft.com/azure/storage/blobs/access-tiers-overview#archive-access-tier",
    /** External tables over storage: the engine reads the blobs under the table's path. */
    externalTables: "https://learn.microsoft.com/kusto/management/external-tables-azure-storage",
    /** Continuous export: runs as a managed identity (ADX) or impersonates its creator, who needs write on the container. */
    continuousExport: "https://learn.microsoft.com/kusto/management/data-export/create-alter-continuous",
    /** OneLake availability: the mirroring policy writes the delta table; up to 3 hours by default, `TargetLatencyInMinutes` 5 minutes to 3 hours. */
    oneLakeAvailability: "https://learn.microsoft.com/fabric/real-time-intelligence/event-house-onelake-availability",
    /** OneLake shortcuts behave like symbolic links to their target. */
    shortcuts: "https://learn.microsoft.com/fabric/onelake/onelake-shortcuts",
    /** Real-Time Dashboard data sources: pass-through identity (the viewer's own) is the default. */
    dashboard: "https://learn.microsoft.com/fabric/real-time-intelligence/dashboard-permissions",
    /** Geo-DR alias: metadata only; a standby database ingests the same stream through its own consumer group. */
    geoDr: "https://learn.microsoft.com/azure/event-hubs/event-hubs-geo-dr",
    /** Eventstream custom endpoint with Entra ID: the writer needs Contributor (or higher) on the workspace. */
    customEndpointEntra: "https://learn.microsoft.com/fabric/real-time-intelligence/event-streams/custom-endpoint-entra-id-auth",
    /** SAS needs the namespace's local auth on; `disableLocalAuth` refuses every key. */
    localAuth: "https://learn.microsoft.com/azure/event-hubs/authenticate-shared-access-signature",
    /** Eventstream reaches a namespace without public access only through a Fabric managed private endpoint. */
    eventstreamPrivate: "https://learn.microsoft.com/fabric/real-time-intelligence/event-streams/set-up-private-endpoint",
    /** Local storage (ACSA) destinations write Parquet by a schema registered in the AIO schema registry (`schemaRef`). */
    localStorageSchema: "https://learn.microsoft.com/azure/iot-operations/connect-to-cloud/howto-configure-local-storage-endpoint",
    /** Storage firewall: trusted Azure services (Event Hubs Capture, ADX) pass with `bypass: AzureServices`, also with public access off. */
    trustedStorage: "https://learn.microsoft.com/azure/storage/common/storage-network-security-trusted-azure-services",
    /** Event Hubs firewall: trusted Microsoft services (ADX with its managed identity) pass with trusted service access on. */
    trustedEventHubs: "https://learn.microsoft.com/azure/event-hubs/event-hubs-ip-filtering#trusted-microsoft-services",
    /** Fabric managed private endpoints serve Spark and Eventstream only; an Eventhouse has none. */
    fabricManagedPrivateEndpoints: "https://learn.microsoft.com/fabric/security/security-managed-private-endpoints-overview#supported-item-types",
    /** Private endpoints: a resource with public access disabled is reached through one. */
    privateEndpoint: "https://learn.microsoft.com/azure/event-hubs/private-link-service",
} as const;
