// Public exports of the edge-fabric component library. Keep additive: one block per area.

// edge: AIO dataflows and ACSA edge volumes
export { AioDataflows, type AioDataflowsArgs } from "./edge/aioDataflows";
export { EdgeVolume, type EdgeVolumeArgs } from "./edge/edgeVolume";
export { AIO_API, type AioApiCapabilities } from "./edge/aioApi";
export * from "./edge/dataflowModel";
export * from "./edge/edgeVolumeModel";
export { EdgeValidationError, type Issue } from "./edge/rules";
