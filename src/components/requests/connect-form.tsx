"use client";

import { useActionState, useState } from "react";
import type { ActionResult } from "@/server/actions/action";
import { submitRequestAction } from "@/server/requests/actions";
import type { connectOptions } from "@/server/requests/queries";
import { TUNNEL_TYPE_LABELS, type TunnelType } from "@/shared/enums";
import { placeName } from "@/shared/places";
import { ENDPOINT_KIND, HONEYPOT_FIELD } from "@/shared/validation/request-fields";
import { Field, FormMessage, inputClass } from "./field";

export type ConnectPop = Awaited<ReturnType<typeof connectOptions>>[number];

const ENDPOINT_LABEL = {
  ip: ["Your tunnel endpoint", "Your router's public IPv4 or IPv6 address, where our tunnel server sends the tunnel."],
  "ip-optional": ["Your tunnel endpoint (optional)", "The public address you connect from, if it is fixed."],
  zerotier: ["Your ZeroTier node id", "10 hexadecimal digits, shown by `zerotier-cli info`."],
  none: ["", ""],
} as const;

/** Private unless the requester says otherwise; the member can change it later in the portal. */
const CONTACT_CHOICES = [
  ["no", "No, keep it private: only the IX's volunteers see it."],
  ["yes", "Yes, publish it on the public peer list and in the IX-F member export, so networks can ask me to peer."],
] as const;

type Values = Record<string, string>;

/** Every field is controlled, so nothing typed is lost when the server sends the form back with errors. */
export function ConnectForm({ pops }: { pops: ConnectPop[] }) {
  const [state, action, pending] = useActionState<ActionResult | undefined, FormData>(submitRequestAction, undefined);
  const firstPop = pops[0];
  const [values, setValues] = useState<Values>({
    locationId: firstPop ? String(firstPop.id) : "",
    tunnelType: firstPop?.tunnelTypes[0] ?? "",
    wantsIpv4: "on",
    publishContact: "no",
  });
  const set = (name: string) => (event: { target: { value: string } }) => setValues((v) => ({ ...v, [name]: event.target.value }));
  const errors = state && !state.ok ? state.fieldErrors ?? {} : {};
  const invalid = (name: string) => (errors[name]?.length ? { "aria-invalid": true, "aria-describedby": `${name}-error` } : {});

  const pop = pops.find((p) => String(p.id) === values.locationId);
  const offered = pop?.tunnelTypes ?? [];
  const tunnelType = (offered.includes(values.tunnelType as TunnelType) ? values.tunnelType : offered[0]) as TunnelType | undefined;
  const endpointKind = tunnelType ? ENDPOINT_KIND[tunnelType] : "none";

  if (state?.ok) return <FormMessage ok message={state.message} />;

  return (
    <form action={action} className="max-w-xl space-y-4" noValidate>
      <FormMessage ok={false} message={state?.message} />
      <Field name="networkName" label="Network name" errors={errors.networkName}>
        <input id="networkName" name="networkName" className={inputClass} value={values.networkName ?? ""} onChange={set("networkName")} {...invalid("networkName")} />
      </Field>
      <Field name="asn" label="AS number" hint="Your public ASN, e.g. AS213999." errors={errors.asn}>
        <input id="asn" name="asn" className={inputClass} inputMode="numeric" value={values.asn ?? ""} onChange={set("asn")} {...invalid("asn")} />
      </Field>
      <Field name="contactEmail" label="Contact email" hint="We send a confirmation link here; it becomes your portal login." errors={errors.contactEmail}>
        <input id="contactEmail" name="contactEmail" type="email" className={inputClass} value={values.contactEmail ?? ""} onChange={set("contactEmail")} {...invalid("contactEmail")} />
      </Field>
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium text-slate-700">May other networks see your contact email?</legend>
        {CONTACT_CHOICES.map(([value, text]) => (
          <label key={value} className="flex items-start gap-2 text-sm text-slate-700">
            <input type="radio" name="publishContact" value={value} className="mt-1" checked={values.publishContact === value} onChange={set("publishContact")} />
            {text}
          </label>
        ))}
      </fieldset>
      <Field name="website" label="Website (optional)" errors={errors.website}>
        <input id="website" name="website" type="url" className={inputClass} placeholder="https://" value={values.website ?? ""} onChange={set("website")} {...invalid("website")} />
      </Field>
      <Field name="locationId" label="Point of presence" errors={errors.locationId}>
        <select id="locationId" name="locationId" className={inputClass} value={values.locationId} onChange={set("locationId")} {...invalid("locationId")}>
          {pops.map((p) => (
            <option key={p.id} value={p.id}>
              {placeName(p)} · {p.code}
            </option>
          ))}
        </select>
      </Field>
      <Field name="tunnelType" label="Tunnel type" hint={pop ? `Offered at ${pop.name}.` : undefined} errors={errors.tunnelType}>
        <select id="tunnelType" name="tunnelType" className={inputClass} value={tunnelType ?? ""} onChange={set("tunnelType")} {...invalid("tunnelType")}>
          {offered.map((type) => (
            <option key={type} value={type}>
              {TUNNEL_TYPE_LABELS[type]}
            </option>
          ))}
        </select>
      </Field>
      {endpointKind !== "none" && (
        <Field name="remoteEndpoint" label={ENDPOINT_LABEL[endpointKind][0]} hint={ENDPOINT_LABEL[endpointKind][1]} errors={errors.remoteEndpoint}>
          <input id="remoteEndpoint" name="remoteEndpoint" className={inputClass} value={values.remoteEndpoint ?? ""} onChange={set("remoteEndpoint")} {...invalid("remoteEndpoint")} />
        </Field>
      )}
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input
          type="checkbox"
          name="wantsIpv4"
          checked={values.wantsIpv4 === "on"}
          onChange={(event) => setValues((v) => ({ ...v, wantsIpv4: event.target.checked ? "on" : "" }))}
        />
        I need an IPv4 address on the peering LAN (everyone gets IPv6)
      </label>
      <Field name="asSet" label="AS-SET (optional)" hint="Used to filter what you announce, e.g. AS-EXAMPLE or AS213999:AS-CUSTOMERS." errors={errors.asSet}>
        <input id="asSet" name="asSet" className={inputClass} value={values.asSet ?? ""} onChange={set("asSet")} {...invalid("asSet")} />
      </Field>
      <Field name="comments" label="Comments (optional)" errors={errors.comments}>
        <textarea id="comments" name="comments" rows={3} className={inputClass} value={values.comments ?? ""} onChange={set("comments")} {...invalid("comments")} />
      </Field>
      {/* Honeypot: hidden from people and screen readers; bots fill it in and their request is dropped. */}
      <div aria-hidden="true" className="absolute -left-[9999px] h-px w-px overflow-hidden">
        <label>
          Fax number
          <input name={HONEYPOT_FIELD} tabIndex={-1} autoComplete="off" defaultValue="" />
        </label>
      </div>
      <button type="submit" disabled={pending} className="rounded bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60">
        {pending ? "Sending…" : "Send peering request"}
      </button>
    </form>
  );
}
