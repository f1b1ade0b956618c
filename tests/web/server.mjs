// Start needlepoint's server on 127.0.0.1 with a fresh database of its own, and stop it.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export async function startServer(bin, web) {
  const dir = mkdtempSync(join(tmpdir(), "np-web-"));
  const db = join(dir, "clinic.db");
  const child = spawn(bin, ["serve", "--listen", "127.0.0.1:0", "--db", db, "--web", web],
    { stdio: ["ignore", "pipe", "inherit"] });
  // the address, then how to begin: on a first run, with the setup code it printed
  const [url, setupCode] = await new Promise((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => reject(new Error(`no address from the server: ${seen}`)), 20000);
    child.stdout.on("data", (chunk) => {
      seen += chunk;
      const m = seen.match(/listening on (http:\/\/127\.0\.0\.1:\d+\/)\n(.*)\n/);
      if (m) {
        clearTimeout(timer);
        const code = m[2].match(/setup code (\S+)/);
        resolve([m[1], code ? code[1] : ""]);
      }
    });
    child.on("exit", (code) => reject(new Error(`the server exited with ${code}: ${seen}`)));
  });
  return {
    url, db, bin, setupCode,
    async stop() {
      const exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve(code ?? signal)));
      child.kill("SIGTERM");
      const status = await exited;
      rmSync(dir, { recursive: true, force: true });
      return status;
    },
  };
}
