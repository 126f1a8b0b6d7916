// Public exports of the serving layer (add `export * from "./serving";` to components/index.ts).
export { RealTimeDashboard, checkedDashboardSpec, type RealTimeDashboardArgs, type ServingDatabase, type QueryAnalyzer } from "./real-time-dashboard";
export { Alerts, checkedAlertsTemplate, type AlertsArgs } from "./alerts";
export { BatchLakehouse, type BatchLakehouseArgs } from "./batch-lakehouse";
export { queryAnalyzer } from "./query-check";
export { medallionDashboard, type MedallionDashboardOptions } from "./medallion-dashboard";
export {
    renderDashboard,
    validateDashboard,
    dashboardQueries,
    parameterVariables,
    VISUAL_TYPES,
    type DashboardSpec,
    type DashboardPage,
    type DashboardTile,
    type DashboardParameter,
    type DashboardBinding,
    type VisualOptions,
} from "./dashboard";
export { parseActivatorTemplate, renderActivatorEntities, ACTIVATOR_WINDOW, type ActivatorTemplate, type TemplateValue } from "./activator";
export { renderTemperatureAlert, temperatureSourceQuery, freezerTemplate, type TemperatureAlertRule } from "./temperature-alert";
