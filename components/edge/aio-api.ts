/**
 * The one place that binds the edge components to a Microsoft.IoTOperations ARM API version.
 *
 * `@pulumi/azure-native` 3.28 ships a single iotoperations module on API **2024-11-01** (the first GA
 * version, AIO 1.0) and no versioned sub-modules (`iotoperations/v2025xxxx` do not exist in v3). To
 * target a newer API (2025-04-01, 2025-10-01, 2026-03-01, 2026-07-01), generate a local SDK with
 * `pulumi package add azure-native iotoperations <version>`, change the import below to that package,
 * and update {@link AIO_API}: nothing else in the component refers to the version.
 */
export { Dataflow, DataflowEndpoint, DataflowProfile } from "@pulumi/azure-native/iotoperations";

/** What the bound API version can express; the model refuses features the API cannot carry. */
export interface AioApiCapabilities {
    /** ARM API version of the bound module. */
    readonly version: string;
    /**
     * Whether `Dataflow.properties.requestDiskPersistence` exists. Absent from 2024-11-01; present in
     * 2026-03-01 (`examples/2026-03-01/Dataflow_CreateOrUpdate_MaximumSet_Gen.json` in azure-rest-api-specs).
     */
    readonly dataflowDiskPersistence: boolean;
}

export const AIO_API: AioApiCapabilities = { version: "2024-11-01", dataflowDiskPersistence: false };
