import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type Provider from "oidc-provider";

export interface FakePeeringDbUser {
  id: number;
  name: string;
  email: string;
  /** Affiliated networks as PeeringDB's profile lists them; perms is PeeringDB's bitmask (1 read … 15 all). */
  networks: { id: number; asn: number; name: string; perms: number }[];
}

/**
 * A real OAuth 2.0 / OpenID Connect server (the oidc-provider package) shaped like PeeringDB's at
 * auth.peeringdb.com: /oauth2/authorize/ and /oauth2/token/, scopes profile, email and networks, and
 * /profile/v1 answering the user with their networks for a bearer access token. Its development login
 * takes any password; the login name picks the user.
 */
export async function startFakePeeringDbOAuth(options: {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  users: Record<string, FakePeeringDbUser>;
}): Promise<{ url: string; profileRequests: string[]; close(): Promise<void> }> {
  const profileRequests: string[] = [];
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // oidc-provider warns on import and construction about what a test server does on purpose (Node 20, which it
  // calls unsupported but runs on; in-memory storage, development keys and login pages): keep the output readable.
  const warn = console.warn;
  console.warn = (...args: unknown[]) => void (String(args[0]).includes("oidc-provider WARNING") || warn(...args));
  let provider: Provider;
  try {
    const { default: OidcProvider } = await import("oidc-provider");
    provider = createProvider(OidcProvider, url, options);
  } finally {
    console.warn = warn;
  }
  provider.on("server_error", (_ctx, error) => console.error("fake PeeringDB OAuth:", error));
  const callback = provider.callback();
  // PeeringDB's paths onto oidc-provider's own routes; /profile/v1 is PeeringDB's profile API.
  const paths: Record<string, string> = { "/oauth2/authorize/": "/auth", "/oauth2/token/": "/token" };
  server.on("request", (request, response) => {
    const { pathname, search } = new URL(request.url ?? "/", url);
    if (pathname === "/profile/v1") {
      profileRequests.push(request.headers.authorization ?? "");
      const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1];
      void (async () => {
        const token = bearer ? await provider.AccessToken.find(bearer) : undefined;
        const user = token?.accountId ? options.users[token.accountId] : undefined;
        if (!token || !user) return void response.writeHead(401, { "Content-Type": "application/json" }).end('{"detail":"Authentication credentials were not provided."}');
        const scopes = new Set(String(token.scope ?? "").split(" "));
        const body = {
          id: user.id,
          name: user.name,
          given_name: user.name.split(" ")[0],
          family_name: user.name.split(" ").slice(1).join(" "),
          verified_user: true,
          ...(scopes.has("email") ? { email: user.email, verified_email: true } : {}),
          ...(scopes.has("networks") ? { networks: user.networks } : {}),
        };
        response.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(body));
      })();
      return;
    }
    if (paths[pathname]) request.url = `${paths[pathname]}${search}`;
    callback(request, response);
  });
  return {
    url,
    profileRequests,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function createProvider(OidcProvider: typeof Provider, url: string, options: { clientId: string; clientSecret: string; redirectUri: string; users: Record<string, FakePeeringDbUser> }): Provider {
  return new OidcProvider(url, {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    scopes: ["openid", "profile", "email", "networks"],
    claims: { profile: ["name"], email: ["email"], networks: ["networks"] },
    findAccount: (_ctx, sub) => (options.users[sub] ? { accountId: sub, claims: () => ({ sub, ...options.users[sub] }) } : undefined),
    pkce: { required: () => true },
    cookies: { keys: ["fake-peeringdb-oauth-cookie-key"] },
    features: { devInteractions: { enabled: true } },
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 600, Interaction: 600, Session: 600 },
  });
}
