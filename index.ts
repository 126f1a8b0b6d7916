/**
 * The package entry (`import { … } from "edge-fabric"`): the component library (`components/index.ts`,
 * an explicit list by area) and the entry point that turns a site config into `HybridSite` args for
 * a program that is not this repository's stack.
 */
export * from "./components";

// site config: validate a site config (the value of `edge-fabric:site`) into HybridSiteArgs
export { siteFromConfig, loadSiteSchema, type SiteFromConfigOptions } from "./stacks/site";
