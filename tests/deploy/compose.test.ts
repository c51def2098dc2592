// No Docker engine runs where the tests run, so this reads docker-compose.yml, the Dockerfiles and
// the Caddyfile as data and checks that they are wired to each other and to the packages.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('../..', import.meta.url));
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  environment?: Record<string, string | number> | string[];
  ports?: (string | { target: number; published: number | string })[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}
interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const compose = parse(read('docker-compose.yml')) as Compose;

function service(name: string): Service {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
}

/** Compose's `${VAR}`, `${VAR:-default}` and `${VAR:?error}`, with `vars` as the environment. */
function interpolate(value: string, vars: Record<string, string>): string {
  return value.replace(
    /\$\{(\w+)(?::([-?])([^}]*))?\}/g,
    (_, name: string, kind?: string, arg?: string) => {
      const given = vars[name];
      if (given) return given;
      if (kind === '?') throw new Error(`${name} is required: ${arg}`);
      return kind === '-' ? (arg ?? '') : '';
    },
  );
}

const deployVars = { POSTGRES_PASSWORD: 'ci-password' };

/** The service's environment as compose would hand it over, whether written as a map or a list. */
function envOf(name: string, vars: Record<string, string> = deployVars): Record<string, string> {
  const raw = service(name).environment ?? {};
  const entries = Array.isArray(raw)
    ? raw.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)])
    : Object.entries(raw).map(([key, value]) => [key, String(value)]);
  return Object.fromEntries(entries.map(([key, value]) => [key, interpolate(value!, vars)]));
}

/** Published ports as `host → container`, from the short (`[ip:]host:container[/proto]`) or long syntax. */
function portsOf(name: string): { host: number; container: number }[] {
  return (service(name).ports ?? []).map((port) => {
    if (typeof port !== 'string') return { host: Number(port.published), container: port.target };
    const parts = port.replace(/\/(tcp|udp)$/, '').split(':');
    return { host: Number(parts.at(-2)), container: Number(parts.at(-1)) };
  });
}

function dockerfileOf(name: string): { path: string; text: string } {
  const build = service(name).build;
  if (!build) throw new Error(`service "${name}" has no build section`);
  const file = path.join(build.context, build.dockerfile);
  return { path: file, text: read(file) };
}

describe('docker-compose.yml', () => {
  it('describes postgres, api, web and an HTTPS front', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'caddy', 'postgres', 'web']);
  });

  it('keeps PostgreSQL 16 on a volume and reports when it is ready', () => {
    const postgres = service('postgres');
    expect(postgres.image).toMatch(/^postgres:16/);
    expect(postgres.volumes?.some((v) => v.endsWith(':/var/lib/postgresql/data'))).toBe(true);
    expect(postgres.healthcheck?.test.join(' ')).toContain('pg_isready');
    expect(() => envOf('postgres', {})).toThrow(/POSTGRES_PASSWORD is required/);
  });

  it('serves the API on 3002 against the postgres service once it is healthy', () => {
    const env = envOf('api');
    expect(env.PORT).toBe('3002');
    expect(env.HOST).toBe('0.0.0.0');
    expect(portsOf('api')).toContainEqual({ host: 3002, container: 3002 });

    const url = new URL(env.DATABASE_URL ?? '');
    expect(url.protocol).toBe('postgres:');
    expect(url.hostname).toBe('postgres');
    expect(url.port).toBe('5432');
    expect(decodeURIComponent(url.password)).toBe(deployVars.POSTGRES_PASSWORD);
    expect(url.username).toBe(envOf('postgres').POSTGRES_USER);
    expect(url.pathname).toBe(`/${envOf('postgres').POSTGRES_DB}`);
    expect(service('api').depends_on?.postgres?.condition).toBe('service_healthy');
  });

  it('keeps the API data directory on a volume and leaves unset secrets unset', () => {
    const env = envOf('api');
    expect(service('api').volumes?.some((v) => v.endsWith(`:${env.DATA_DIR}`))).toBe(true);
    // The API reads an empty value as unset and then generates the secret into DATA_DIR.
    expect(env.JWT_SECRET).toBe('');
    expect(envOf('api', { ...deployVars, JWT_SECRET: 'j'.repeat(32) }).JWT_SECRET).toBe(
      'j'.repeat(32),
    );
  });

  it('allows the HTTPS front origin for the chosen domain', () => {
    expect(envOf('api').ALLOWED_ORIGINS?.split(',')).toContain('https://localhost');
    const custom = envOf('api', { ...deployVars, PARLEY_DOMAIN: 'chat.example.org' });
    expect(custom.ALLOWED_ORIGINS?.split(',')).toContain('https://chat.example.org');
  });

  it('serves the web app on 3000 and points it at the api service', () => {
    const env = envOf('web');
    expect(env.PORT).toBe('3000');
    expect(portsOf('web')).toContainEqual({ host: 3000, container: 3000 });
    const apiUrl = new URL(env.API_URL ?? '');
    expect(apiUrl.hostname).toBe('api');
    expect(apiUrl.port).toBe(envOf('api').PORT);
    expect(service('web').depends_on?.api?.condition).toBe('service_healthy');
  });

  it('puts Caddy on 443 in front of the web server', () => {
    expect(portsOf('caddy')).toContainEqual({ host: 443, container: 443 });
    const mount = service('caddy').volumes?.find((v) => v.includes(':/etc/caddy/Caddyfile'));
    const caddyfile = read(mount?.split(':')[0] ?? 'missing Caddyfile mount');
    expect(caddyfile).toMatch(new RegExp(`reverse_proxy\\s+web:${envOf('web').PORT}\\b`));
  });

  it('declares every named volume it mounts', () => {
    const named = Object.values(compose.services)
      .flatMap((s) => s.volumes ?? [])
      .map((v) => v.split(':')[0]!)
      .filter((source) => !source.startsWith('.') && !source.startsWith('/'));
    expect(named.length).toBeGreaterThan(0);
    for (const volume of named) expect(Object.keys(compose.volumes ?? {})).toContain(volume);
  });
});

describe.each([
  { name: 'api', pkg: 'packages/api' },
  { name: 'web', pkg: 'packages/web' },
])('the $name image', ({ name, pkg }) => {
  it('is built from an existing Dockerfile on Debian Node 20 (glibc for libsignal)', () => {
    const dockerfile = dockerfileOf(name);
    expect(existsSync(path.join(root, dockerfile.path))).toBe(true);
    const bases = [...dockerfile.text.matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]);
    expect(bases.length).toBeGreaterThan(1); // multi-stage: build, then a slim runtime
    for (const base of bases) expect(base).toBe('node:20-bookworm-slim');
  });

  it("runs the same file as the package's start script", () => {
    const cmd = /^CMD\s+(\[.*\])$/m.exec(dockerfileOf(name).text)?.[1];
    const [program, entry] = JSON.parse(cmd ?? '[]') as string[];
    const start = (JSON.parse(read(`${pkg}/package.json`)) as { scripts: { start: string } })
      .scripts.start;
    expect(program).toBe('node');
    expect(start).toBe(`node ${path.relative(pkg, entry ?? '')}`);
  });

  it('listens on the port compose publishes', () => {
    const exposed = /^EXPOSE\s+(\d+)$/m.exec(dockerfileOf(name).text)?.[1];
    expect(portsOf(name).map((p) => p.container)).toContain(Number(exposed));
  });
});

describe('.dockerignore', () => {
  it('keeps local installs, builds, data and secrets out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['**/node_modules', '**/dist', 'data', '.env', '.git']) {
      expect(ignored).toContain(entry);
    }
  });
});
