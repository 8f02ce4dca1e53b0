/** Entry of the UI Kit gallery frame: the bridge first, then @forge/react and the gallery app. */
import { connectFrameBridge } from '../bridge/frameLink';

connectFrameBridge();

const [{ default: ForgeReconciler }, { GalleryApp }] = await Promise.all([
  import('@forge/react'),
  import('./GalleryApp'),
]);
ForgeReconciler.render(<GalleryApp />);
