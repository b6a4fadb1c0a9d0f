'use client';
// What the reconciliation pages offer in their selects and send as files: the channels, the
// statement formats, a picked file read as base64 (the engine takes files in JSON).
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc';

/** The largest file the engine takes: a statement, and a format preview's sample. */
export const STATEMENT_MAX_BYTES = 20 * 1024 * 1024;
export const SAMPLE_MAX_BYTES = 2 * 1024 * 1024;

/** A file picked in a form, read in the browser. */
export interface PickedFile {
  name: string;
  size: number;
  base64: string;
}

export async function readPicked(file: File): Promise<PickedFile> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  // In slices: String.fromCharCode takes its arguments on the stack.
  for (let at = 0; at < bytes.length; at += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  return { name: file.name, size: bytes.length, base64: btoa(binary) };
}

/** Saves base64 bytes as a file named `fileName` (the browser's download). */
export function saveBase64(fileName: string, base64: string) {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

export function useChannelOptions() {
  const trpc = useTRPC();
  const channels = useQuery(trpc.channels.list.queryOptions());
  return (channels.data ?? []).map((c) => ({ value: c.code, label: `${c.name} (${c.code})` }));
}

export function useFormatOptions() {
  const trpc = useTRPC();
  const formats = useQuery(trpc.recon.formats.queryOptions());
  return (formats.data ?? []).map((f) => ({ value: f.name, label: `${f.name}@${f.version}` }));
}
