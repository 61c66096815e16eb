package resolvers

import (
	"context"

	"github.com/maitre-pos/maitre/graph/model"
)

func (r *queryResolver) Chat(ctx context.Context, question string, conversation *string) (*model.ChatAnswer, error) {
	id := ""
	if conversation != nil {
		id = *conversation
	}
	return r.Resolver.Chat.Ask(ctx, question, id), nil
}
