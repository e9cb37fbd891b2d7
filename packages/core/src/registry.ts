import { DbtlsError } from './dbtls-error.js';
import { validateEngine, type EngineDefinition } from './engine.js';
import type { TranslateTarget } from './translate.js';
import { defaultReadContext } from './parse-connection-string.js';
import { redactUrl } from './redact.js';

/**
 * A set of engines looked up by id, alias or URL scheme. Built explicitly
 * from a list: nothing registers itself on import.
 */
export interface EngineRegistry {
  /** All engines, in registration order. */
  list(): readonly EngineDefinition[];
  /** By id or alias (case-insensitive); undefined when unknown. */
  find(name: string): EngineDefinition | undefined;
  /** By id or alias; throws `DbtlsError('unknown-engine')` listing the known ones. */
  get(name: string): EngineDefinition;
  /** By URL scheme; undefined when no engine claims it. */
  findByScheme(scheme: string): EngineDefinition | undefined;
  /**
   * The engine for a URL: `engine` (id or alias) when given, else by scheme.
   * Throws `unknown-engine` or `invalid-url`.
   */
  resolve(url: string, engine?: string): EngineDefinition;
  /** The translate targets the engines contribute; only those fitting `engine` (an id) when given. */
  targets(engine?: string): readonly TranslateTarget[];
  /**
   * A translate target by id (case-insensitive). Throws `DbtlsError('invalid-option')`
   * listing the targets (those fitting `engine`, when given).
   */
  getTarget(id: string, engine?: string): TranslateTarget;
}

/** What a plugin module may provide: one engine or a list. */
export type EnginePlugin = EngineDefinition | readonly EngineDefinition[];

/**
 * Builds a registry. A duplicate id, alias or scheme, a missing field or an
 * unsupported `apiVersion` throws a `DbtlsError` naming the plugin.
 *
 * @example
 * ```ts
 * import { engines as postgres } from '@dbtls/engine-postgres';
 * const registry = createRegistry([postgres]);
 * registry.resolve('postgresql://localhost/app').id; // 'postgres'
 * ```
 */
export function createRegistry(plugins: readonly EnginePlugin[], origins: readonly string[] = []): EngineRegistry {
  const engines: EngineDefinition[] = [];
  const names = new Map<string, string>();
  const schemes = new Map<string, EngineDefinition>();
  plugins.forEach((plugin, index) => {
    const origin = origins[index] ?? 'plugin';
    for (const candidate of (Array.isArray(plugin) ? plugin : [plugin]) as EngineDefinition[]) {
      const engine = validateEngine(candidate, origin);
      for (const name of [engine.id, ...(engine.aliases ?? [])].map((n) => n.toLowerCase())) {
        const owner = names.get(name);
        if (owner) throw new DbtlsError('duplicate-engine', `Engine "${engine.id}" (${origin}) uses the name "${name}", already taken by engine "${owner}".`);
        names.set(name, engine.id);
      }
      for (const scheme of engine.schemes.map((s) => s.toLowerCase().replace(/:$/, ''))) {
        const owner = schemes.get(scheme);
        if (owner) throw new DbtlsError('duplicate-engine', `Engine "${engine.id}" (${origin}) claims the URL scheme "${scheme}:", already claimed by engine "${owner.id}".`);
        schemes.set(scheme, engine);
      }
      engines.push(engine);
    }
  });
  const targets = new Map<string, TranslateTarget>();
  for (const engine of engines) {
    for (const target of engine.translateTargets ?? []) {
      const id = String(target?.id ?? '').toLowerCase();
      if (!/^[a-z][a-z0-9-]*$/.test(id) || typeof target.write !== 'function' || !Array.isArray(target.engines)) {
        throw new DbtlsError('invalid-plugin', `Engine "${engine.id}" contributes a translate target "${target?.id}" without a lower-case id, an engines list and a write function.`);
      }
      const owner = targets.get(id);
      if (owner && owner !== target) throw new DbtlsError('duplicate-engine', `Engine "${engine.id}" contributes the translate target "${id}", already contributed by another engine.`);
      targets.set(id, target);
    }
  }
  const targetsFor = (engine?: string): TranslateTarget[] => {
    const id = engine ? (byName.get(engine.toLowerCase())?.id ?? engine) : undefined;
    return [...targets.values()].filter((t) => !id || t.engines.includes(id));
  };
  const byName = new Map<string, EngineDefinition>();
  for (const e of engines) for (const n of [e.id, ...(e.aliases ?? [])]) byName.set(n.toLowerCase(), e);

  const registry: EngineRegistry = {
    list: () => engines,
    find: (name) => byName.get(name.toLowerCase()),
    get(name) {
      const engine = byName.get(name.toLowerCase());
      if (engine) return engine;
      throw new DbtlsError('unknown-engine', `Unknown engine "${redactUrl(name.length > 80 ? `${name.slice(0, 80)}…` : name)}". ${engines.length ? `Installed engines: ${engines.map((e) => e.id).join(', ')}.` : 'No engine plugins are installed.'}`);
    },
    findByScheme: (scheme) => schemes.get(scheme.toLowerCase().replace(/:$/, '')),
    resolve(url, engine) {
      if (engine) return registry.get(engine);
      const match = /^(?:jdbc:)?([a-z][a-z0-9+.-]*):/i.exec(url.trim());
      if (!match) {
        // Schemeless syntaxes (libpq host=… sslmode=…, ADO.NET Server=…;) are claimed by the engine that reads them.
        const context = defaultReadContext();
        const reader = engines.find((e) => e.readConnectionString?.(url.trim(), context));
        if (reader) return reader;
        const shown = redactUrl(url.length > 80 ? `${url.slice(0, 80)}…` : url).replace(/\b(password|pwd)(\s*=\s*)('[^']*'|[^\s;]+)/gi, '$1$2***');
        throw new DbtlsError('invalid-url', `"${shown}" is not a URL with a scheme (such as postgres://host/db) nor a connection string an installed engine reads. Add a scheme, or name the engine with --engine.`);
      }
      const found = schemes.get(match[1]!.toLowerCase());
      if (found) return found;
      throw new DbtlsError('unknown-engine', `No installed engine handles "${match[1]}:" URLs. ${engines.length ? `Known schemes: ${[...schemes.keys()].map((s) => `${s}:`).join(', ')}.` : 'No engine plugins are installed.'} Name one with --engine, or install its plugin.`);
    },
    targets: targetsFor,
    getTarget(id, engine) {
      const fitting = targetsFor(engine);
      const found = fitting.find((t) => t.id === id.toLowerCase());
      if (found) return found;
      const other = targets.get(id.toLowerCase());
      const list = fitting.length ? `Targets${engine ? ` for ${engine}` : ''}: ${fitting.map((t) => t.id).join(', ')}.` : 'No installed engine contributes translate targets.';
      throw new DbtlsError('invalid-option', other ? `The target "${other.id}" writes ${other.engines.join('/')} connection strings, not ${engine}. ${list}` : `Unknown translate target "${id}". ${list}`);
    },
  };
  return registry;
}
