import { view } from '@forge/bridge';
import { useEffect, useState } from 'react';

/** The Jira site's base URL (for /browse/KEY links), from the Forge host's context; null until known. */
export function useSiteUrl(): string | null {
  const [siteUrl, setSiteUrl] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    view
      .getContext()
      .then((context) => {
        const url = (context as { siteUrl?: unknown }).siteUrl;
        if (live && typeof url === 'string' && /^https?:\/\//.test(url)) setSiteUrl(url.replace(/\/+$/, ''));
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return siteUrl;
}
