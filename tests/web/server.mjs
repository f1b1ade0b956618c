// Start needlepoint's server on 127.0.0.1 with a fresh database of its own, and stop it. With
// { proxy: true } it is served as docs/deploy.md says a clinic serves it: behind nginx over HTTPS
// at https://clinic.example:PORT/, with a certificate made here (the browser maps the name to
// 127.0.0.1 and takes the certificate: see course.mjs).
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// nginx in front, with docs/deploy.md's own server block
async function startProxy(dir, appPort) {
  const tlsPort = await freePort();
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
    "-subj", "/CN=clinic.example", "-addext", "subjectAltName=DNS:clinic.example",
    "-keyout", join(dir, "clinic.key"), "-out", join(dir, "clinic.pem")], { stdio: "ignore" });
  const doc = readFileSync(join(here, "..", "..", "docs", "deploy.md"), "utf8");
  const block = doc.match(/^server \{\n[\s\S]*?\n\}$/m);
  if (!block) throw new Error("docs/deploy.md has no server block");
  const site = block[0]
    .replace("listen 443 ssl;", `listen 127.0.0.1:${tlsPort} ssl;`)
    .replace("/etc/ssl/certs/clinic.example.pem", join(dir, "clinic.pem"))
    .replace("/etc/ssl/private/clinic.example.key", join(dir, "clinic.key"))
    .replace("127.0.0.1:8080", `127.0.0.1:${appPort}`);
  writeFileSync(join(dir, "site.conf"), site);
  writeFileSync(join(dir, "nginx.conf"), `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/nginx.err;
daemon off;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${dir}; proxy_temp_path ${dir}; fastcgi_temp_path ${dir};
  uwsgi_temp_path ${dir}; scgi_temp_path ${dir};
  include ${dir}/site.conf;
}
`);
  const nginx = spawn("nginx", ["-c", join(dir, "nginx.conf"), "-p", dir], { stdio: "inherit" });
  await new Promise((resolve) => setTimeout(resolve, 300));
  return { nginx, origin: `https://clinic.example:${tlsPort}` };
}

export async function startServer(bin, web, { proxy = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "np-web-"));
  chmodSync(dir, 0o755);
  const db = join(dir, "clinic.db");
  const appPort = proxy ? await freePort() : 0;
  let front = null;
  if (proxy) front = await startProxy(dir, appPort);
  const args = ["serve", "--listen", `127.0.0.1:${appPort}`, "--db", db, "--web", web];
  if (front) args.push("--trust-proxy", "127.0.0.1", "--public-origin", front.origin);
  let child;
  const [url, setupCode] = await launch(bin, args, (c) => { child = c; });
  const exited = () => new Promise((resolve) => child.on("exit", (code, signal) => resolve(code ?? signal)));
  return {
    url: front ? `${front.origin}/` : url, db, bin, setupCode, proxied: Boolean(front),
    // Stop the server as a crash or a restart would, keeping its database; then start it again
    // on the same address (what a tablet sees as the server going away and coming back).
    async halt() {
      const done = exited();
      child.kill("SIGTERM");
      return done;
    },
    async resume() {
      const again = [...args];
      again[2] = url.replace(/^http:\/\/|\/$/g, "");
      await launch(bin, again, (c) => { child = c; });
    },
    async stop() {
      const status = exited();
      child.kill("SIGTERM");
      const code = await status;
      if (front) front.nginx.kill("SIGTERM");
      rmSync(dir, { recursive: true, force: true });
      return code;
    },
  };
}

// Run the server and wait for its address, then (on a first run) the setup code it printed.
async function launch(bin, args, started) {
  const child = spawn(bin, args, { stdio: ["ignore", "pipe", "inherit"] });
  started(child);
  return new Promise((resolve, reject) => {
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
}
