/** Types of scripts/e2e-port.mjs. */
export declare function lockPort(port: number, dir?: string, pid?: number): boolean;
export declare function e2ePort(): number;
