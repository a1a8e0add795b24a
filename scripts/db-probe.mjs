// Exits 0 when the MySQL/MariaDB server in the URL accepts a login (the database itself need not exist yet).
import mysql from "mysql2/promise";

const url = new URL(process.argv[2] ?? "");
url.pathname = "/";
try {
  const connection = await mysql.createConnection({ uri: url.toString(), connectTimeout: 3000 });
  await connection.query("select 1");
  await connection.end();
} catch (error) {
  console.error(error.code ?? error.message);
  process.exit(1);
}
