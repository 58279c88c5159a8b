// The data behind the scenarios, the same rows as Arbor's benchmark (the shop's seeded products, its users
// table, BenchData's fortunes and notes). Two stores, chosen at start-up by NEXT_BENCH_DB:
//   memory   (default) JavaScript maps and arrays in the server process: no database work at all, which
//            favours Next.js against Arbor (Arbor queries an embedded H2 database through a JDBC pool)
//   postgres PostgreSQL through the pure-JS `pg` driver, a pool of 10 like Arbor's, tables in the schema
//            `nextbench` (created by scripts/prepare-db.mjs); NEXT_BENCH_PG_URL (postgres://postgres@127.0.0.1:5432/test)
// Both stores are asynchronous, as a database client is, so the handlers are the same code for either.

import fortunes from "./fortunes.json";

export type Product = {
  id: number;
  name: string;
  description: string;
  priceCents: number;
  stock: number;
  imageUrl: string | null;
};
export type User = { id: number; name: string; email: string; createdAt: string };
export type Fortune = { id: number; message: string };

export class EmailTaken extends Error {}

export interface Store {
  product(id: number): Promise<Product | undefined>;
  createUser(name: string, email: string): Promise<User>;
  fortunes(): Promise<Fortune[]>;
  addNote(boardId: number, text: string): Promise<void>;
  notes(): Promise<number>;
}

// The shop's catalogue (examples/shop V3__SeedProducts): 1,000 products derived from their number.
const ADJECTIVES = ["Oak", "Linen", "Copper", "Walnut", "Wool", "Ceramic", "Maple", "Slate"];
const THINGS = ["Lamp", "Chair", "Mug", "Table", "Throw", "Vase", "Shelf", "Bowl", "Clock", "Stool"];
export const PRODUCT_COUNT = 1000;
export function seedProduct(n: number): Product {
  const name = `${ADJECTIVES[n % ADJECTIVES.length]} ${THINGS[n % THINGS.length]} No. ${n}`;
  return {
    id: n,
    name,
    description: `A well-made ${name.toLowerCase()}, built to last.`,
    priceCents: 500 + ((n * 137) % 20000),
    stock: n % 7 === 0 ? 0 : ((n * 13) % 50) + 1,
    imageUrl: null,
  };
}

// BenchData.SEED (lib/fortunes.json): 19 rows (ids 1..19); the page adds one, so it lists 20. Some need escaping.
export const FORTUNES: readonly string[] = fortunes;

class MemoryStore implements Store {
  private readonly products = new Map<number, Product>();
  private readonly usersByEmail = new Map<string, User>();
  private readonly fortuneRows: Fortune[] = FORTUNES.map((message, i) => ({ id: i + 1, message }));
  private readonly noteRows: { id: number; boardId: number; text: string }[] = [];
  private nextUserId = 1;

  constructor() {
    for (let n = 1; n <= PRODUCT_COUNT; n++) this.products.set(n, seedProduct(n));
  }

  async product(id: number) {
    const p = this.products.get(id);
    return p && { ...p }; // a fresh row, as a query returns
  }

  async createUser(name: string, email: string) {
    const key = email.trim().toLowerCase();
    if (this.usersByEmail.has(key)) throw new EmailTaken();
    const user = { id: this.nextUserId++, name: name.trim(), email: key, createdAt: new Date().toISOString() };
    this.usersByEmail.set(key, user);
    return { ...user };
  }

  async fortunes() {
    return this.fortuneRows.map((f) => ({ ...f }));
  }

  async addNote(boardId: number, text: string) {
    this.noteRows.push({ id: this.noteRows.length + 1, boardId, text });
  }

  async notes() {
    return this.noteRows.length;
  }
}

class PostgresStore implements Store {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private readonly pool: any;

  constructor() {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Pool } = require("pg");
    this.pool = new Pool({
      connectionString: process.env.NEXT_BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test",
      max: 10,
    });
  }

  async product(id: number) {
    const r = await this.pool.query(
      "SELECT id, name, description, price_cents, stock, image_url FROM nextbench.products WHERE id = $1",
      [id],
    );
    const row = r.rows[0];
    return (
      row && {
        id: Number(row.id),
        name: row.name,
        description: row.description,
        priceCents: Number(row.price_cents),
        stock: row.stock,
        imageUrl: row.image_url,
      }
    );
  }

  async createUser(name: string, email: string) {
    try {
      const r = await this.pool.query(
        "INSERT INTO nextbench.users (name, email) VALUES ($1, $2) RETURNING id, name, email, created_at",
        [name.trim(), email.trim().toLowerCase()],
      );
      const row = r.rows[0];
      return { id: Number(row.id), name: row.name, email: row.email, createdAt: row.created_at.toISOString() };
    } catch (e) {
      if ((e as { code?: string }).code === "23505") throw new EmailTaken();
      throw e;
    }
  }

  async fortunes() {
    const r = await this.pool.query("SELECT id, message FROM nextbench.bench_fortune");
    return r.rows as Fortune[];
  }

  async addNote(boardId: number, text: string) {
    await this.pool.query("INSERT INTO nextbench.bench_note (board_id, text) VALUES ($1, $2)", [boardId, text]);
  }

  async notes() {
    const r = await this.pool.query("SELECT COUNT(*)::int AS n FROM nextbench.bench_note");
    return r.rows[0].n as number;
  }
}

// One store per server process: on globalThis, since each route of a Next.js build may get its own copy of
// this module.
const g = globalThis as { __arborBenchStore?: Store };
export function store(): Store {
  if (!g.__arborBenchStore) {
    g.__arborBenchStore = process.env.NEXT_BENCH_DB === "postgres" ? new PostgresStore() : new MemoryStore();
  }
  return g.__arborBenchStore;
}

export const EXTRA_FORTUNE = "Additional fortune added at request time.";

/** Every stored fortune, one added, sorted by message (UTF-16 code unit order, like Java's String.compareTo). */
export async function fortunesPage(): Promise<Fortune[]> {
  const fortunes = await store().fortunes();
  fortunes.push({ id: 0, message: EXTRA_FORTUNE });
  fortunes.sort((a, b) => (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
  return fortunes;
}
