// Customers' complaints and enquiries (issue 14, M7.4-a, M2.4-a): file, list, read, reply
// when asked, rate after closing.
import {
  customerComplaint,
  customerComplaints,
  fileComplaint,
  rateComplaint,
  replyToComplaint,
} from '../../shared/service';
import { relatedLookup, serviceDeps } from '../deps/service';
import { customerKeyed, serveRoutes } from '../http';
import { SERVICE_ROUTES } from '../routes/service';

export const handler = serveRoutes(SERVICE_ROUTES, {
  fileComplaint: async (req) => ({
    body: await fileComplaint(customerKeyed(req), { ...serviceDeps(), related: relatedLookup() }),
  }),
  listComplaints: async (req) => ({
    body: await customerComplaints(req.principal.username, serviceDeps()),
  }),
  getComplaint: async (req) => ({
    body: await customerComplaint(req.principal.username, req.params.complaintId, serviceDeps()),
  }),
  answerComplaint: async (req) => {
    const base = { ...customerKeyed(req), complaintId: req.params.complaintId };
    const answer = req.body;
    return {
      body:
        answer.action === 'REPLY'
          ? await replyToComplaint({ ...base, input: { message: answer.message } }, serviceDeps())
          : await rateComplaint(
              { ...base, input: { rating: answer.rating, nps: answer.nps } },
              serviceDeps(),
            ),
    };
  },
});
