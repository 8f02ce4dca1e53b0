import { Box } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import type { GateCode } from './api';
import { LICENSE_REQUIRED_MESSAGE, NOT_ADMIN_MESSAGE } from './labels';

/** The only thing the page shows when the license is inactive or the user is not a Jira admin. */
export function GateMessage({ code }: { code: GateCode }) {
  const license = code === 'LICENSE_INACTIVE';
  return (
    <Box padding="space.300">
      <SectionMessage
        appearance={license ? 'warning' : 'error'}
        title={license ? 'License required' : 'Access denied'}
        testId={license ? 'license-required' : 'not-admin'}
      >
        <p>{license ? LICENSE_REQUIRED_MESSAGE : NOT_ADMIN_MESSAGE}</p>
      </SectionMessage>
    </Box>
  );
}
