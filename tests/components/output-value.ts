import type * as pulumi from "@pulumi/pulumi";

/** The resolved value of an Output returned by a program run under `synth()`. */
export function value<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise<T>((resolve) => output.apply((v) => {
        resolve(v);
        return v;
    }));
}
