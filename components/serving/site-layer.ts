/**
 * Which Fabric serving items a site has, from its description: one rule shared by the stack config
 * validation, the site program and `HybridSite`. Pure.
 */

export interface ServingLayerSwitches {
    serving: { kind: "eventhouse" | "adx" };
    dashboard?: { enabled?: boolean };
    lakehouse?: { enabled?: boolean };
    alerts?: { enabled: boolean };
}

/** Dashboard and Lakehouse unless turned off, alerts when configured; never on ADX (they are Fabric items). */
export function servingLayerOn(site: ServingLayerSwitches): { dashboard: boolean; lakehouse: boolean; alerts: boolean } {
    const fabric = site.serving.kind === "eventhouse";
    return { dashboard: fabric && (site.dashboard?.enabled ?? true), lakehouse: fabric && (site.lakehouse?.enabled ?? true), alerts: fabric && site.alerts !== undefined && site.alerts.enabled };
}
