-- 10-grocery-schema.sql (lab image of postgres:16): a small GroceryMate-like database, loaded by
-- docker-entrypoint.sh into POSTGRES_DB on the first start, so that pg_dump/psql in the runbooks work on real
-- tables and rows. Invented lab data (example.invalid addresses, no passwords); the real schema is not in the source.
CREATE TABLE users (
  id          serial PRIMARY KEY,
  email       text NOT NULL UNIQUE,
  display_name text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE products (
  id        serial PRIMARY KEY,
  name      text NOT NULL UNIQUE,
  category  text NOT NULL,
  unit      text NOT NULL CHECK (unit IN ('g', 'kg', 'ml', 'l', 'piece'))
);
CREATE TABLE inventory_items (
  id          serial PRIMARY KEY,
  user_id     integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  product_id  integer NOT NULL REFERENCES products (id),
  quantity    numeric(10, 2) NOT NULL CHECK (quantity >= 0),
  best_before date
);
CREATE TABLE recipes (
  id        serial PRIMARY KEY,
  user_id   integer REFERENCES users (id) ON DELETE SET NULL,
  title     text NOT NULL,
  servings  integer NOT NULL DEFAULT 2
);
CREATE TABLE recipe_ingredients (
  recipe_id  integer NOT NULL REFERENCES recipes (id) ON DELETE CASCADE,
  product_id integer NOT NULL REFERENCES products (id),
  quantity   numeric(10, 2) NOT NULL,
  PRIMARY KEY (recipe_id, product_id)
);
CREATE TABLE shopping_lists (
  id         serial PRIMARY KEY,
  user_id    integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name       text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE shopping_list_items (
  id         serial PRIMARY KEY,
  list_id    integer NOT NULL REFERENCES shopping_lists (id) ON DELETE CASCADE,
  product_id integer NOT NULL REFERENCES products (id),
  quantity   numeric(10, 2) NOT NULL,
  checked    boolean NOT NULL DEFAULT false
);
CREATE INDEX inventory_items_user_idx ON inventory_items (user_id);
CREATE INDEX shopping_list_items_list_idx ON shopping_list_items (list_id);

INSERT INTO users (email, display_name) VALUES
  ('anna@example.invalid', 'Anna'), ('ben@example.invalid', 'Ben'), ('chris@example.invalid', 'Chris');
INSERT INTO products (name, category, unit) VALUES
  ('Milch', 'Milchprodukte', 'l'), ('Eier', 'Milchprodukte', 'piece'), ('Mehl', 'Backen', 'kg'),
  ('Zucker', 'Backen', 'kg'), ('Tomaten', 'Gemüse', 'kg'), ('Nudeln', 'Trockenware', 'g'),
  ('Parmesan', 'Käse', 'g'), ('Äpfel', 'Obst', 'kg'), ('Butter', 'Milchprodukte', 'g'), ('Basilikum', 'Kräuter', 'piece');
INSERT INTO inventory_items (user_id, product_id, quantity, best_before) VALUES
  (1, 1, 1.5, '2026-12-10'), (1, 2, 6, '2026-12-20'), (1, 6, 500, '2027-06-01'), (2, 5, 0.8, '2026-12-08'),
  (2, 7, 200, '2027-01-15'), (2, 9, 250, '2026-12-30'), (3, 3, 2, '2027-03-01'), (3, 8, 1.2, '2026-12-14');
INSERT INTO recipes (user_id, title, servings) VALUES
  (1, 'Pfannkuchen', 4), (2, 'Pasta al pomodoro', 2), (3, 'Apfelkuchen', 8);
INSERT INTO recipe_ingredients (recipe_id, product_id, quantity) VALUES
  (1, 1, 0.5), (1, 2, 3), (1, 3, 0.25), (2, 5, 0.4), (2, 6, 250), (2, 7, 50), (2, 10, 1),
  (3, 3, 0.3), (3, 4, 0.15), (3, 8, 1), (3, 9, 125), (3, 2, 2);
INSERT INTO shopping_lists (user_id, name) VALUES (1, 'Wocheneinkauf'), (2, 'Pasta-Abend'), (3, 'Backen');
INSERT INTO shopping_list_items (list_id, product_id, quantity, checked) VALUES
  (1, 1, 2, false), (1, 8, 1, true), (2, 5, 0.5, false), (2, 10, 1, false), (3, 4, 1, false), (3, 9, 250, true);
