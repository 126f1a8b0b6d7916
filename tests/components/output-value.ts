import type * as pulumi from "@pulumi/pulumi";

/**
 * The resolved value of an Output returned by a program run under `synth()`. An output the mocks
 * leave unknown never runs its `apply` callback, so it is refused at once instead of hanging the test.
 */
export async function value<T>(output: pulumi.Output<T>): Promise<T> {
    // `isKnown` is set on every Output by @pulumi/pulumi (output.js) but left out of its declarations.
    const known = await (output as unknown as { isKnown: Promise<boolean> }).isKnown;
    if (!known) {
        throw new Error("the output is unknown under the mocks (no mock gives it a value): its apply would never run");
    }
    return new Promise<T>((resolve) => output.apply((v) => resolve(v)));
}
