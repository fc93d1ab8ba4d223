import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { COLLECTOR_NODE_FLAGS } from '../../bin/worker-command';
import { configSchema } from '../../lib/config-schema';

/**
 * What CI can check of deploy/ without building an image: every file parses, and the images,
 * commands, ports and probes agree with the Dockerfile and with what `npm run build` produces.
 * (e2e/zz-standalone.spec.ts starts the artefact itself.)
 */
const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
const IMAGE = `paved:${version}`;
const dockerfile = readFileSync('deploy/Dockerfile', 'utf8');
const buildScript = readFileSync('bin/build-dist.ts', 'utf8');
const distEntries = JSON.parse(/DIST_ENTRIES = (\[[^\]]*\])/.exec(buildScript)![1]!.replace(/'/g, '"')) as string[];

type Container = {
  image: string;
  command: string[];
  ports?: { name: string; containerPort: number }[];
  env?: { name: string; value: string }[];
  readinessProbe?: { httpGet: { path: string; port: string } };
  livenessProbe?: { httpGet: { path: string; port: string } };
};
type Manifest = { kind: string; metadata: { name: string }; spec: Record<string, unknown> };

const manifests: Manifest[] = readdirSync('deploy/kubernetes')
  .filter((f) => f.endsWith('.yaml'))
  .flatMap((f) =>
    parseAllDocuments(readFileSync(path.join('deploy/kubernetes', f), 'utf8')).map((doc) => {
      expect(doc.errors, f).toEqual([]);
      return doc.toJS() as Manifest;
    }),
  );
const containers = (name: string) =>
  (
    manifests.find((m) => m.kind === 'Deployment' && m.metadata.name === name)!.spec as {
      template: { spec: { containers: Container[] } };
    }
  ).template.spec.containers;
const exposed = /^EXPOSE (.+)$/m.exec(dockerfile)![1]!.split(/\s+/).map(Number);
const dockerEnv = (name: string) => new RegExp(`${name}=(\\S+)`).exec(dockerfile)?.[1];

describe('deploy/ recipes', () => {
  it('the Dockerfile builds in stages, runs as a non-root user, checks /api/ready and copies the standalone artefact', () => {
    expect(dockerfile.match(/^FROM /gm)!.length).toBeGreaterThanOrEqual(3);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/HEALTHCHECK[\s\S]*\/api\/ready/);
    expect(dockerfile).toMatch(/COPY --from=build --chown=node:node \/src\/\.next\/standalone \.\//);
    expect(buildScript).toContain("path.join(root, '.next/standalone')");
    expect(dockerfile).toMatch(/^CMD \["node", "dist\/start\.mjs"\]$/m);
    // The final stage installs nothing from npm: only the artefact, which holds no dev dependency.
    const final = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(final).not.toMatch(/npm (ci|install)/);
    expect(exposed).toEqual([Number(dockerEnv('PORT')), Number(dockerEnv('PAVED_WORKER_METRICS_PORT'))]);
  });

  it('Kubernetes: web and worker Deployments of the built image, with probes on the ports the image exposes', () => {
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`).sort()).toEqual([
      'ConfigMap/paved-config',
      'Deployment/paved-web',
      'Deployment/paved-worker',
      'Secret/paved-secrets',
      'Service/paved-web',
    ]);
    const [web] = containers('paved-web');
    const [worker] = containers('paved-worker');
    for (const c of [web!, worker!]) {
      expect(c.image).toBe(IMAGE);
      expect(distEntries).toContain(path.basename(c.command.at(-1)!, '.mjs'));
      for (const port of c.ports ?? []) expect(exposed).toContain(port.containerPort);
    }
    expect(web!.command).toEqual(['node', 'dist/web.mjs']);
    expect(web!.readinessProbe!.httpGet).toEqual({ path: '/api/ready', port: 'http' });
    expect(web!.livenessProbe!.httpGet.path).toBe('/api/health');
    expect(web!.ports).toEqual([{ name: 'http', containerPort: Number(dockerEnv('PORT')) }]);
    expect(worker!.command).toEqual(['node', ...COLLECTOR_NODE_FLAGS, 'dist/worker.mjs']);
    const metricsPort = worker!.env!.find((e) => e.name === 'PAVED_WORKER_METRICS_PORT')!.value;
    expect(worker!.ports).toEqual([{ name: 'metrics', containerPort: Number(metricsPort) }]);
    const service = manifests.find((m) => m.kind === 'Service')!.spec as { ports: { targetPort: string }[] };
    expect(service.ports[0]!.targetPort).toBe('http');
  });

  it('the ConfigMap holds a valid paved.config.yaml, and the Secret reference is the one the Deployments use', () => {
    const configMap = manifests.find((m) => m.kind === 'ConfigMap') as unknown as { data: Record<string, string> };
    const text = configMap.data['paved.config.yaml']!.replace(/\$\{[A-Z_]+\}/g, 'from-the-environment');
    expect(configSchema.safeParse(parse(text)).success).toBe(true);
    const secretNames = manifests
      .filter((m) => m.kind === 'Deployment')
      .flatMap((m) => JSON.stringify(m).match(/"(?:secretName|name)":"paved-secrets"/g) ?? []);
    expect(secretNames.length).toBeGreaterThanOrEqual(4);
  });

  it('compose.yaml: PostgreSQL 16, web and worker from the same image and commands', () => {
    const compose = parse(readFileSync('deploy/compose.yaml', 'utf8')) as {
      services: Record<string, { image: string; command?: string[]; ports?: string[]; build?: { dockerfile: string } }>;
    };
    expect(Object.keys(compose.services).sort()).toEqual(['postgres', 'web', 'worker']);
    expect(compose.services.postgres!.image).toBe('postgres:16');
    expect(dockerfile).toContain('ARG PG_CLIENT_MAJOR=16');
    expect(compose.services.web!.image).toBe(IMAGE);
    expect(compose.services.worker!.image).toBe(IMAGE);
    expect(existsSync(path.join('deploy', '..', compose.services.web!.build!.dockerfile))).toBe(true);
    expect(compose.services.web!.command).toEqual(['node', 'dist/web.mjs']);
    expect(compose.services.worker!.command).toEqual(['node', ...COLLECTOR_NODE_FLAGS, 'dist/worker.mjs']);
    expect(compose.services.web!.ports).toEqual([`127.0.0.1:3000:${dockerEnv('PORT')}`]);
    expect(configSchema.safeParse(parse(readFileSync('deploy/paved.config.yaml', 'utf8'))).success).toBe(true);
  });
});
