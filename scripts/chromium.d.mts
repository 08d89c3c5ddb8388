/** Types of scripts/chromium.mjs (plain JS so that node scripts can import it too). */
export declare const chromiumLaunchOptions: { executablePath: string; args: string[] };
