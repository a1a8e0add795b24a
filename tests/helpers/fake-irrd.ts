import { createServer, type Server } from "node:net";

/**
 * A tiny IRRd speaking the subset of the whois "!" protocol bgpq4 uses, serving fixed data on
 * loopback: sets expand to ASNs, ASNs have route objects.
 */
export interface IrrData {
  sets: Record<string, string[]>;
  routes4: Record<string, string[]>;
  routes6: Record<string, string[]>;
}

export async function startFakeIrrd(data: IrrData): Promise<{ address: string; close(): Promise<void> }> {
  const server: Server = createServer((socket) => {
    let buffer = "";
    const answer = (items: string[] | undefined) => {
      const text = items?.join(" ") ?? "";
      socket.write(text ? `A${text.length + 1}\n${text}\nC\n` : "D\n");
    };
    socket.on("data", (chunk) => {
      buffer += chunk.toString();
      let newline: number;
      while ((newline = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, newline).trim();
        buffer = buffer.slice(newline + 1);
        if (line === "!!") continue;
        if (line === "!q") socket.end();
        else if (line === "!s-lc") answer(["TEST"]);
        else if (line.startsWith("!n") || line.startsWith("!s")) socket.write("C\n");
        else if (line.startsWith("!i")) answer(data.sets[line.slice(2).split(",")[0]!.toUpperCase()]);
        else if (line.startsWith("!g")) answer(data.routes4[line.slice(2).toUpperCase()]);
        else if (line.startsWith("!6")) answer(data.routes6[line.slice(2).toUpperCase()]);
        else socket.write("F unsupported\n");
      }
    });
    socket.on("error", () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return { address: `127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
