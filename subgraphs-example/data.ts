/**
 * Deterministic fixture data shared by the four example subgraphs. Every subgraph reads only the
 * columns it owns; ids are strings because GraphQL `ID`s and `upc`s travel as strings.
 */

export interface UserRow {
  readonly id: string;
  readonly name: string;
  readonly username: string;
  /** Year of birth. */
  readonly birthday: number;
  readonly email: string;
}

export interface ProductRow {
  readonly upc: string;
  readonly name: string;
  /** Price in cents. */
  readonly price: number;
  /** Weight in grams. */
  readonly weight: number;
  readonly legacyCode: string;
  /** Wholesale cost in cents. */
  readonly wholesale: number;
}

export interface ReviewRow {
  readonly id: string;
  readonly body: string;
  readonly authorId: string;
  readonly productUpc: string;
}

export interface InventoryRow {
  readonly upc: string;
  readonly inStock: boolean;
}

const FIRST_NAMES = ['Ada', 'Alan', 'Grace', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken', 'Radia', 'Tim'];
const LAST_NAMES = [
  'Lovelace',
  'Turing',
  'Hopper',
  'Dijkstra',
  'Liskov',
  'Knuth',
  'Allen',
  'Thompson',
  'Perlman',
  'Berners-Lee',
];
const PRODUCT_NAMES = ['Table', 'Couch', 'Chair', 'Lamp', 'Desk', 'Shelf', 'Bed', 'Rug', 'Mirror', 'Stool'];
const REVIEW_BODIES = [
  'Love it!',
  'Too expensive.',
  'Could be better.',
  'Prefer something else.',
  'Works as described.',
  'Arrived late but intact.',
  'Would buy again.',
];

export const USER_COUNT = 10;
export const PRODUCT_COUNT = 10;
export const REVIEWS_PER_PRODUCT = 3;

export const users: readonly UserRow[] = Array.from({ length: USER_COUNT }, (_, index) => {
  const first = FIRST_NAMES[index] ?? 'User';
  const last = LAST_NAMES[index] ?? String(index + 1);
  return {
    id: String(index + 1),
    name: `${first} ${last}`,
    username: `@${first.toLowerCase()}`,
    birthday: 1950 + index * 3,
    email: `${first.toLowerCase()}@example.com`,
  };
});

export const products: readonly ProductRow[] = Array.from({ length: PRODUCT_COUNT }, (_, index) => ({
  upc: String(index + 1),
  name: PRODUCT_NAMES[index] ?? `Product ${index + 1}`,
  price: 500 + index * 150,
  weight: 100 + index * 50,
  legacyCode: `LEGACY-${String(index + 1).padStart(4, '0')}`,
  wholesale: 300 + index * 90,
}));

/**
 * Review `i + 1` is about product `i % 10 + 1`; each round of ten reviews shifts the authors by three,
 * so every product has three reviews by three different users and every user writes three reviews.
 */
export const reviews: readonly ReviewRow[] = Array.from(
  { length: PRODUCT_COUNT * REVIEWS_PER_PRODUCT },
  (_, index) => {
    const round = Math.floor(index / PRODUCT_COUNT);
    return {
      id: String(index + 1),
      body: REVIEW_BODIES[index % REVIEW_BODIES.length] ?? 'Fine.',
      authorId: String(((index + round * 3) % USER_COUNT) + 1),
      productUpc: String((index % PRODUCT_COUNT) + 1),
    };
  },
);

/** Every third product is out of stock. */
export const inventory: readonly InventoryRow[] = products.map((product, index) => ({
  upc: product.upc,
  inStock: index % 3 !== 2,
}));

/** Free shipping above 10.00, otherwise half a cent per gram (the benchmark's rule, in cents). */
export function shippingEstimate(price: number, weight: number): number {
  return price > 1000 ? 0 : Math.round(weight / 2);
}

function indexBy<Row, Key>(rows: readonly Row[], key: (row: Row) => Key): ReadonlyMap<Key, Row> {
  return new Map(rows.map((row) => [key(row), row]));
}

function groupBy<Row, Key>(rows: readonly Row[], key: (row: Row) => Key): ReadonlyMap<Key, readonly Row[]> {
  const groups = new Map<Key, Row[]>();
  for (const row of rows) {
    const group = groups.get(key(row));
    if (group) group.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}

export const usersById = indexBy(users, (user) => user.id);
export const productsByUpc = indexBy(products, (product) => product.upc);
export const reviewsById = indexBy(reviews, (review) => review.id);
export const reviewsByAuthorId = groupBy(reviews, (review) => review.authorId);
export const reviewsByProductUpc = groupBy(reviews, (review) => review.productUpc);
export const inventoryByUpc = indexBy(inventory, (row) => row.upc);
