// Lint rules: typescript-eslint's type-aware recommended set. `any` may not escape a module
// boundary, and floating promises are errors because a lost rejection in a provider is a lost
// failure report.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
    { ignores: ["dist/**", "node_modules/**", "out/**", "bin/**", "scripts/**", "examples/**", "eslint.config.mjs"] },
    js.configs.recommended,
    ...tseslint.configs.recommendedTypeChecked,
    {
        languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
        rules: {
            "@typescript-eslint/no-explicit-any": "error",
            "@typescript-eslint/explicit-module-boundary-types": "error",
            "@typescript-eslint/no-floating-promises": [
                "error",
                { allowForKnownSafeCalls: [{ from: "package", package: "node:test", name: ["test", "it", "describe", "suite"] }] },
            ],
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
        },
    },
    {
        files: ["tests/**/*.ts", "bench/**/*.ts"],
        rules: { "@typescript-eslint/explicit-module-boundary-types": "off" },
    },
);
