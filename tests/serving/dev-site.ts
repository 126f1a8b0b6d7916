/** The dev site's KQL database binding, as the Eventhouse component's mocked outputs give it. */
export const DEV_BINDING = {
    queryUri: "https://trd-dev0000000000000000.z0.kusto.fabric.microsoft.com",
    databaseId: "3b1f7c52-6a7e-4c1b-9e0e-1d2c3b4a5f60",
    workspaceId: "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
    databaseName: "dev-telemetry",
};
