/** The benchmark graph's data: six users, nine products, eleven reviews (bodies of about 200 to 1,400 characters). */
export interface BenchUser {
  readonly id: string;
  readonly name: string;
  readonly username: string;
  readonly birthday: number;
}

export interface BenchProduct {
  readonly upc: string;
  readonly name: string;
  readonly price: number;
  readonly weight: number;
  readonly inStock: boolean;
}

export interface BenchReview {
  readonly id: string;
  readonly body: string;
  readonly productUpc: string;
  readonly authorId: string;
}

export const USERS: readonly BenchUser[] = [
  ['Ada Byron', 'ada'],
  ['Grace Hopper', 'grace'],
  ['Alan Kay', 'alankay'],
  ['Barbara Liskov', 'liskov'],
  ['Edsger Dijkstra', 'ewd'],
  ['Frances Allen', 'fran'],
].map(([name, username], index) => ({
  id: String(index + 1),
  name: name ?? '',
  username: username ?? '',
  birthday: 1_000_000_000 + index * 86_400,
}));

export const PRODUCTS: readonly BenchProduct[] = [
  ['Desk', 899, 100, true],
  ['Sofa', 1299, 1000, false],
  ['Mug', 15, 20, false],
  ['Stool', 499, 100, false],
  ['Monitor', 1299, 1000, true],
  ['Lantern', 6999, 300, true],
  ['Oven', 3999, 2000, true],
  ['Freezer', 100000, 6000, false],
  ['Bench', 9999, 800, true],
].map(([name, price, weight, inStock], index) => ({
  upc: String(index + 1),
  name: String(name),
  price: Number(price),
  weight: Number(weight),
  inStock: inStock === true,
}));

/** Deterministic filler prose of about `length` characters (the same words in a different order per seed). */
function prose(seed: number, length: number): string {
  const words = [
    'gateway',
    'federated',
    'subgraph',
    'entity',
    'resolver',
    'planner',
    'latency',
    'schema',
    'query',
    'contract',
    'review',
    'product',
    'shipping',
    'inventory',
    'account',
    'cache',
  ];
  let text = '';
  for (let i = 0; text.length < length; i++) text += `${words[(seed * 7 + i * 5) % words.length]} `;
  return `${text.slice(0, length - 1)}.`;
}

const REVIEW_SHAPES: readonly (readonly [productUpc: string, bodyLength: number])[] = [
  ['1', 620],
  ['1', 420],
  ['1', 390],
  ['1', 210],
  ['2', 620],
  ['2', 420],
  ['2', 390],
  ['2', 210],
  ['3', 210],
  ['4', 210],
  ['4', 1390],
];

export const REVIEWS: readonly BenchReview[] = REVIEW_SHAPES.map(([productUpc, bodyLength], index) => ({
  id: String(index + 1),
  body: prose(index, bodyLength),
  productUpc,
  authorId: String((index % USERS.length) + 1),
}));
